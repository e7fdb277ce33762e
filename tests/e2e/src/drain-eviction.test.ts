/**
 * Draining a node under a PodDisruptionBudget, end to end: api-server (pods/eviction),
 * disruption controller, ReplicaSet controller, scheduler and fake-runtime agents, driven by real
 * kubectl 1.32 and then by `skiff drain`. With minAvailable N-1 the pods must leave one at a
 * time: every eviction past the first is refused (429) until the replacement of the previous one
 * is Ready on the other node, and at no moment are fewer than N-1 pods healthy.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '@skiff/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './lib/cluster.ts';
import { eventually, haveKubectl, kubectlFor, tempDir, type Kubectl, type Result } from './lib/kubectl.ts';

let cluster: TestCluster;
let kubectl: Kubectl;
const PODS = { group: '', version: 'v1', plural: 'pods', namespaced: true } as const;
const SKIFF = fileURLToPath(new URL('../../../apps/cli/src/main.ts', import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = KubeObject & { metadata: { name: string }; spec?: any; status?: any };

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{name: main, image: "web:1"}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}
`;

async function webPods(): Promise<Obj[]> {
  return (await cluster.client.list<Obj>(PODS, { namespace: 'default', labelSelector: 'app=web' })).items;
}

const healthy = (p: Obj) => !p.metadata.deletionTimestamp && p.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');

/** The fewest healthy web pods seen while `run` runs (sampled every 50 ms). */
async function minHealthyDuring(run: () => Promise<Result>): Promise<{ result: Result; minHealthy: number }> {
  let minHealthy = Infinity;
  let done = false;
  const sampler = (async () => {
    while (!done) {
      minHealthy = Math.min(minHealthy, (await webPods()).filter(healthy).length);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const result = await run();
  done = true;
  await sampler;
  return { result, minHealthy };
}

/** The ALLOWED DISRUPTIONS column of `kubectl get pdb web`, once it reads `want`. */
async function pdbRow(want: string): Promise<string[]> {
  return eventually(async () => {
    const out = (await kubectl(['get', 'pdb', 'web'])).stdout.trim().split('\n').map((l) => l.trim().split(/\s{2,}/));
    expect(out[0]).toEqual(['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE']);
    return out[1]?.[3] === want ? out[1] : undefined;
  }, 30_000, 200);
}

async function allOn(node: string): Promise<Obj[]> {
  return eventually(async () => {
    const pods = await webPods();
    return pods.length === 3 && pods.every((p) => p.spec.nodeName === node && healthy(p)) ? pods : undefined;
  }, 30_000, 100);
}

function skiff(args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env['PATH'], HOME: tempDir('skiff-home-'), KUBECONFIG: cluster.server.kubeconfigPath };
    const child = spawn(process.execPath, [SKIFF, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const RETRY = /^error when evicting pods\/"web-[a-z0-9-]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.$/;

beforeAll(async () => {
  cluster = await startTestCluster({ nodes: 2, images: ['web:1'] });
  kubectl = kubectlFor(cluster.server.kubeconfigPath);
}, 60_000);
afterAll(async () => cluster?.close());

describe.runIf(haveKubectl)('drain under a PodDisruptionBudget', () => {
  it('kubectl drain evicts a Deployment one pod at a time, and kubectl get pdb follows the budget', async () => {
    // Everything on node-1 first, so the drain has all three pods to move.
    expect((await kubectl(['cordon', 'node-2'])).stdout).toBe('node/node-2 cordoned\n');
    const applied = await kubectl(['apply', '-f', '-'], { stdin: manifests });
    expect(applied.stdout).toBe('deployment.apps/web created\npoddisruptionbudget.policy/web created\n');
    expect((await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s'], { timeoutMs: 70_000 })).code).toBe(0);
    const before = await allOn('node-1');
    expect((await pdbRow('1')).slice(0, 4)).toEqual(['web', '2', 'N/A', '1']);
    expect((await kubectl(['uncordon', 'node-2'])).code).toBe(0);

    const { result, minHealthy } = await minHealthyDuring(() => kubectl(['drain', 'node-1', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=60s'], { timeoutMs: 90_000 }));
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout.trim().split('\n');
    expect(out[0]).toBe('node/node-1 cordoned');
    expect(out.at(-1)).toBe('node/node-1 drained');
    expect(out.filter((l) => l.endsWith(' evicted')).sort()).toEqual(before.map((p) => `pod/${p.metadata.name} evicted`).sort());
    expect(new Set(out.filter((l) => l.startsWith('evicting pod ')))).toEqual(new Set(before.map((p) => `evicting pod default/${p.metadata.name}`)));
    // All three asked at once, one allowed: the other two were refused at least once each.
    const retries = result.stderr.trim().split('\n').filter((l) => l !== '');
    expect(retries.every((l) => RETRY.test(l)), result.stderr).toBe(true);
    expect(new Set(retries.map((l) => /pods\/"([^"]+)"/.exec(l)![1])).size).toBeGreaterThanOrEqual(2);
    expect(minHealthy).toBeGreaterThanOrEqual(2);

    const after = await allOn('node-2');
    expect(after.map((p) => p.metadata.name)).not.toContain(before[0]!.metadata.name);
    expect((await pdbRow('1')).slice(0, 4)).toEqual(['web', '2', 'N/A', '1']);
  }, 150_000);

  it('skiff drain does the same through pods/eviction, with kubectl\'s retry lines', async () => {
    expect((await kubectl(['uncordon', 'node-1'])).code).toBe(0);
    const before = await allOn('node-2');
    await pdbRow('1');
    const { result, minHealthy } = await minHealthyDuring(() => skiff(['drain', 'node-2', '--timeout=60s']));
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout.trim().split('\n');
    expect(out[0]).toBe('node/node-2 cordoned');
    expect(out.at(-1)).toBe('node/node-2 drained');
    expect(out.filter((l) => l.endsWith(' evicted')).sort()).toEqual(before.map((p) => `pod/${p.metadata.name} evicted`).sort());
    // skiff evicts in order: the second and third wait for the previous replacement.
    const retries = result.stderr.trim().split('\n').filter((l) => l !== '');
    expect(retries.every((l) => RETRY.test(l)), result.stderr).toBe(true);
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(minHealthy).toBeGreaterThanOrEqual(2);
    await allOn('node-1');
    await pdbRow('1');
  }, 150_000);
});
