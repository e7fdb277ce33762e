/**
 * `skiff rollout` against the real api-server, with the ReplicaSets a controller would have
 * made written by hand (no controller-manager here); kubectl 1.32 reads the same objects.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestClient } from '@skiff/client';
import { startTestServer, type TestServer } from '@skiff/testing';
import type { Loose } from '../describe/format.ts';
import { baseEnv, cli, KUBECTL, spawnRun, tempDir, until } from '../test/harness.ts';

let server: TestServer;
let client: RestClient;
let env: Record<string, string | undefined>;
const DEPLOY = { group: 'apps', version: 'v1', plural: 'deployments', namespaced: true, kind: 'Deployment' };
const RS = { group: 'apps', version: 'v1', plural: 'replicasets', namespaced: true, kind: 'ReplicaSet' };
const ns = { namespace: 'default' };
const k = (args: string[], o = {}) => cli(server.kubeconfigPath, args, o);
const kubectl = (args: string[]) => spawnRun(KUBECTL, ['--kubeconfig', server.kubeconfigPath, ...args], env);
const hasKubectl = existsSync(KUBECTL);

const template = (image: string, hash?: string) => ({
  metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } },
  spec: { containers: [{ name: 'web', image }] },
});

async function replicaSet(owner: Loose, revision: number, image: string, hash: string, cause?: string): Promise<void> {
  const annotations: Record<string, string> = { 'deployment.kubernetes.io/revision': String(revision), ...(cause ? { 'kubernetes.io/change-cause': cause } : {}) };
  await client.create(RS, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `web-${hash}`,
      labels: { app: 'web', 'pod-template-hash': hash },
      annotations,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner.metadata.uid, controller: true }],
    },
    spec: { replicas: 0, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: template(image, hash) },
  } as never, ns);
}

async function setStatus(status: Loose): Promise<void> {
  const d = (await client.get(DEPLOY, 'web', ns)) as Loose;
  await client.updateStatus(DEPLOY, { ...d, status: { observedGeneration: d.metadata.generation, ...status } } as never, ns);
}

beforeAll(async () => {
  server = await startTestServer({ tls: true });
  client = new RestClient({ server: server.url, token: server.token, ca: server.caPem });
  env = { ...baseEnv(server.kubeconfigPath), KUBECACHEDIR: `${tempDir()}/cache` };
  const d = (await client.create(DEPLOY, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    // The controller-manager keeps the newest revision on the Deployment too.
    metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '2' } },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template('nginx:2') },
  } as never, ns)) as Loose;
  await replicaSet(d, 1, 'nginx:1', 'aaa', 'kubectl set image deployment/web web=nginx:1');
  await replicaSet(d, 2, 'nginx:2', 'bbb');
  await client.create(DEPLOY, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'fresh' },
    spec: { selector: { matchLabels: { app: 'fresh' } }, template: { metadata: { labels: { app: 'fresh' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
  } as never, ns);
});
afterAll(() => server.close());

async function same(args: string[]): Promise<void> {
  const [ours, theirs] = await Promise.all([k(args), kubectl(args)]);
  expect(ours).toEqual(theirs);
}

describe.skipIf(!hasKubectl)('rollout reads match kubectl 1.32', () => {
  it.each([
    ['rollout', 'history', 'deployment/web'],
    ['rollout', 'history', 'deployment', 'web', '--revision=1'],
    ['rollout', 'history', 'deploy/web', '--revision=9'],
    ['rollout', 'history', 'deployment/fresh'],
    ['rollout', 'history', 'deployment/nope'],
    ['rollout', 'undo', 'deployment/fresh'],
    ['rollout', 'undo', 'deployment/web', '--to-revision=7'],
    ['rollout', 'resume', 'deployment/web'],
  ])('%s %s %s %s %s', async (...args: string[]) => same(args));

  it('status --watch=false at each stage', async () => {
    const stages: Loose[] = [
      { replicas: 3, updatedReplicas: 1, availableReplicas: 0 },
      { replicas: 4, updatedReplicas: 3, availableReplicas: 1 },
      { replicas: 3, updatedReplicas: 3, availableReplicas: 1 },
      { replicas: 3, updatedReplicas: 3, availableReplicas: 3 },
    ];
    for (const s of stages) {
      await setStatus(s);
      await same(['rollout', 'status', 'deployment/web', '--watch=false']);
    }
  });
});

describe('rollout status follows the rollout', () => {
  it('prints a line per change and ends on "successfully rolled out"', async () => {
    await setStatus({ replicas: 3, updatedReplicas: 1, availableReplicas: 0 });
    let seen = '';
    const watching = k(['rollout', 'status', 'deployment/web', '--timeout=20s'], { onStdout: (s: string) => (seen = s) });
    await until(() => seen.includes('1 out of 3'));
    await setStatus({ replicas: 3, updatedReplicas: 3, availableReplicas: 2 });
    await until(() => seen.includes('2 of 3'));
    await setStatus({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(await watching).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
        'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...',
        'deployment "web" successfully rolled out',
        '',
      ].join('\n'),
    });
  });

  it('times out with kubectl\'s line', async () => {
    await setStatus({ replicas: 3, updatedReplicas: 1 });
    const r = await k(['rollout', 'status', 'deployment/web', '--timeout=500ms']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: timed out waiting for the condition\n');
  });
});

describe('rollout writes', () => {
  it('pause, then pause again and undo fail as kubectl\'s do, then resume', async () => {
    expect(await k(['rollout', 'pause', 'deployment/web'])).toEqual({ code: 0, stdout: 'deployment.apps/web paused\n', stderr: '' });
    expect(((await client.get(DEPLOY, 'web', ns)) as Loose).spec.paused).toBe(true);
    if (hasKubectl) {
      await same(['rollout', 'pause', 'deployment/web']);
      await same(['rollout', 'undo', 'deployment/web']);
      await same(['rollout', 'restart', 'deployment/web']);
    }
    expect(await k(['rollout', 'resume', 'deployment/web'])).toEqual({ code: 0, stdout: 'deployment.apps/web resumed\n', stderr: '' });
    expect(((await client.get(DEPLOY, 'web', ns)) as Loose).spec.paused).toBeUndefined();
  });

  it('undo puts the previous revision\'s template and annotations back, then skips when already there', async () => {
    expect(await k(['rollout', 'undo', 'deployment/web'])).toEqual({ code: 0, stdout: 'deployment.apps/web rolled back\n', stderr: '' });
    const d = (await client.get(DEPLOY, 'web', ns)) as Loose;
    expect(d.spec.template.spec.containers[0].image).toBe('nginx:1');
    expect(d.spec.template.metadata.labels).toEqual({ app: 'web' });
    expect(d.metadata.annotations['kubernetes.io/change-cause']).toBe('kubectl set image deployment/web web=nginx:1');
    if (hasKubectl) await same(['rollout', 'undo', 'deployment/web', '--to-revision=1']);
    else expect((await k(['rollout', 'undo', 'deployment/web', '--to-revision=1'])).stdout).toContain('skipped rollback');
  });

  it('restart stamps the pod template', async () => {
    expect(await k(['rollout', 'restart', 'deployment/web'])).toEqual({ code: 0, stdout: 'deployment.apps/web restarted\n', stderr: '' });
    const d = (await client.get(DEPLOY, 'web', ns)) as Loose;
    const at = d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'];
    expect(Math.abs(Date.parse(at) - Date.now())).toBeLessThan(10_000);
  });
});
