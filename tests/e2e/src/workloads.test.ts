/**
 * The control loop end to end, in one process: api-server + scheduler + controller-manager +
 * node agents on the fake runtime, driven by real kubectl where users would use it.
 */
import type { KubeObject } from '@skiff/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './lib/cluster.ts';
import { eventually, haveKubectl, kubectlFor, type Kubectl } from './lib/kubectl.ts';

let cluster: TestCluster;
let kubectl: Kubectl;
const PODS = { group: '', version: 'v1', plural: 'pods', namespaced: true } as const;
const DEPLOYS = { group: 'apps', version: 'v1', plural: 'deployments', namespaced: true } as const;
const RS = { group: 'apps', version: 'v1', plural: 'replicasets', namespaced: true } as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = KubeObject & { metadata: { name: string }; spec?: any; status?: any };

async function pods(selector: string): Promise<Obj[]> {
  return (await cluster.client.list<Obj>(PODS, { namespace: 'default', labelSelector: selector })).items;
}

const deployment = (name: string, image: string, replicas: number, extra: Record<string, unknown> = {}) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 1}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: 1
      tolerations: ${JSON.stringify(extra['tolerations'] ?? [])}
      containers: [{name: main, image: "${image}"}]
`;

beforeAll(async () => {
  cluster = await startTestCluster({ nodes: 2, images: ['web:1', 'web:2', 'busybox:1.36'], nodeMonitorGracePeriodMs: 3_000 });
  kubectl = kubectlFor(cluster.server.kubeconfigPath);
}, 60_000);
afterAll(async () => cluster?.close());

describe.runIf(haveKubectl)('workloads through scheduler, controllers and agents', () => {
  it('a Deployment rolls out, rolls to a new image, rolls back, and kubectl rollout agrees', async () => {
    expect((await kubectl(['apply', '-f', '-'], { stdin: deployment('web', 'web:1', 3) })).stdout).toBe('deployment.apps/web created\n');
    const status = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s'], { timeoutMs: 70_000 });
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    const running = await pods('app=web');
    expect(running).toHaveLength(3);
    expect(running.every((p) => p.status?.phase === 'Running' && p.spec?.nodeName)).toBe(true);

    expect((await kubectl(['set', 'image', 'deployment/web', 'main=web:2'])).code).toBe(0);
    expect((await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s'], { timeoutMs: 70_000 })).stdout).toContain('successfully rolled out');
    expect((await pods('app=web')).map((p) => p.spec.containers[0].image)).toEqual(['web:2', 'web:2', 'web:2']);

    expect((await kubectl(['rollout', 'undo', 'deployment/web'])).stdout).toBe('deployment.apps/web rolled back\n');
    expect((await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s'], { timeoutMs: 70_000 })).code).toBe(0);
    await eventually(async () => {
      const images = (await pods('app=web')).map((p) => p.spec.containers[0].image);
      return images.length === 3 && images.every((i) => i === 'web:1');
    }, 30_000);

    expect((await kubectl(['scale', 'deployment/web', '--replicas=1'])).stdout).toBe('deployment.apps/web scaled\n');
    await eventually(async () => (await pods('app=web')).length === 1, 30_000);
  }, 180_000);

  it('kubectl describe deployment / rs list the controllers\' events (ScalingReplicaSet, SuccessfulCreate)', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: deployment('described', 'web:1', 2) });
    expect((await kubectl(['rollout', 'status', 'deployment/described', '--timeout=60s'], { timeoutMs: 70_000 })).code).toBe(0);
    const rs = (await cluster.client.list<Obj>(RS, { namespace: 'default', labelSelector: 'app=described' })).items[0]!;
    const names = (await pods('app=described')).map((p) => p.metadata.name);
    const line = (reason: string, from: string, message: string) => new RegExp(`Normal\\s+${reason}\\s+\\S+\\s+${from}\\s+${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
    const d = await eventually(async () => {
      const out = (await kubectl(['describe', 'deployment', 'described'])).stdout;
      return /ScalingReplicaSet/.test(out) ? out : undefined;
    }, 20_000);
    expect(d).toMatch(line('ScalingReplicaSet', 'deployment-controller', `Scaled up replica set ${rs.metadata.name} from 0 to 2`));
    const r = await eventually(async () => {
      const out = (await kubectl(['describe', 'rs', rs.metadata.name])).stdout;
      return names.every((n) => out.includes(`Created pod: ${n}`)) ? out : undefined;
    }, 20_000);
    for (const n of names) expect(r).toMatch(line('SuccessfulCreate', 'replicaset-controller', `Created pod: ${n}`));
  }, 90_000);

  it('a Job completes and kubectl wait --for=condition=complete agrees', async () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  completions: 2
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: "busybox:1.36", env: [{name: FAKE_EXIT, value: "0"}]}]
`;
    expect((await kubectl(['apply', '-f', '-'], { stdin: job })).code).toBe(0);
    const w = await kubectl(['wait', '--for=condition=complete', 'job/once', '--timeout=60s'], { timeoutMs: 70_000 });
    expect(w.stdout).toBe('job.batch/once condition met\n');
    const j = await cluster.client.get<Obj>({ group: 'batch', version: 'v1', plural: 'jobs', namespaced: true }, 'once', { namespace: 'default' });
    expect(j.status.succeeded).toBe(2);
  }, 90_000);

  it('deleting a Deployment removes its ReplicaSets and pods', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: deployment('gone', 'web:1', 2) });
    await eventually(async () => (await pods('app=gone')).filter((p) => p.status?.phase === 'Running').length === 2, 60_000);
    expect((await kubectl(['delete', 'deployment', 'gone', '--timeout=60s'], { timeoutMs: 70_000 })).stdout).toBe('deployment.apps "gone" deleted\n');
    await eventually(async () => {
      const rs = (await cluster.client.list<Obj>(RS, { namespace: 'default', labelSelector: 'app=gone' })).items;
      return rs.length === 0 && (await pods('app=gone')).length === 0;
    }, 60_000);
  }, 150_000);

  it('pods move off a node whose agent stopped, after the grace period and their toleration', async () => {
    const tolerations = [
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 },
    ];
    await kubectl(['apply', '-f', '-'], { stdin: deployment('mover', 'web:1', 2, { tolerations }) });
    const placed = await eventually(async () => {
      const ps = (await pods('app=mover')).filter((p) => p.status?.phase === 'Running');
      return ps.length === 2 ? ps : undefined;
    }, 60_000);
    const victim = placed[0]!.spec.nodeName as string;
    await cluster.stopNode(victim);
    const moved = await eventually(async () => {
      const ps = (await pods('app=mover')).filter((p) => p.status?.phase === 'Running' && !('deletionTimestamp' in p.metadata));
      return ps.length === 2 && ps.every((p) => p.spec.nodeName !== victim) ? ps : undefined;
    }, 90_000, 250);
    expect(moved).toHaveLength(2);
    const node = await cluster.client.get<Obj>({ group: '', version: 'v1', plural: 'nodes', namespaced: false }, victim, {});
    expect(node.spec.taints?.map((t: { key: string }) => t.key)).toContain('node.kubernetes.io/unreachable');
  }, 150_000);
});
