/**
 * cordon, uncordon and drain against the real api-server. Pods bound to a node wait for their
 * kubelet to finish deleting them, so a stand-in kubelet force-deletes terminating pods.
 * kubectl 1.32 runs on the same state, with and without --disable-eviction. Budgets (429 and
 * the retry) are exercised with a real cluster in tests/e2e/src/drain-eviction.test.ts.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestClient } from '@skiff/client';
import { startTestServer, type TestServer } from '@skiff/testing';
import type { Loose } from '../describe/format.ts';
import { baseEnv, cli, KUBECTL, spawnRun, tempDir } from '../test/harness.ts';

let server: TestServer;
let client: RestClient;
let env: Record<string, string | undefined>;
let kubelet: ReturnType<typeof setInterval>;
const PODS = { group: '', version: 'v1', plural: 'pods', namespaced: true, kind: 'Pod' };
const NODES = { group: '', version: 'v1', plural: 'nodes', namespaced: false, kind: 'Node' };
const k = (args: string[]) => cli(server.kubeconfigPath, args);
const kubectl = (args: string[]) => spawnRun(KUBECTL, ['--kubeconfig', server.kubeconfigPath, ...args], env);
const hasKubectl = existsSync(KUBECTL);

async function podsOn(node: string, extra: Loose[] = []): Promise<void> {
  const owned = { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: '1234', controller: true }] };
  const specs: Loose[] = [{ name: 'a-owned', ...owned }, { name: 'b-bare' }, ...extra];
  for (const m of specs) {
    await client.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: m, spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox' }] } } as never, { namespace: 'default' });
  }
}

beforeAll(async () => {
  server = await startTestServer({ tls: true });
  client = new RestClient({ server: server.url, token: server.token, ca: server.caPem });
  env = { ...baseEnv(server.kubeconfigPath), KUBECACHEDIR: `${tempDir()}/cache` };
  for (const name of ['n1', 'n2']) await client.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name } } as never);
  kubelet = setInterval(() => {
    void client.list(PODS, { namespace: 'default' }).then(async (l) => {
      for (const p of l.items) if (p.metadata.deletionTimestamp) await client.delete(PODS, p.metadata.name!, { namespace: 'default', gracePeriodSeconds: 0 }).catch(() => undefined);
    }, () => undefined);
  }, 100);
});
afterAll(async () => {
  clearInterval(kubelet);
  await server.close();
});

/**
 * kubectl groups the pods it cannot delete by message in a Go map, so the order of those
 * errors changes from run to run (seen in CI); compare them as sets.
 */
function unorderedDrainErrors(r: { code: number; stdout: string; stderr: string }): typeof r {
  const stderr = r.stderr
    .replace(/\[(cannot delete .*)\], continuing command/, (_m, list: string) => `[${list.split(/, (?=cannot delete )/).sort().join(', ')}], continuing command`)
    .split('\n');
  const errs = stderr.filter((l) => l.startsWith('cannot delete ')).sort();
  return { ...r, stderr: stderr.map((l) => (l.startsWith('cannot delete ') ? errs.shift()! : l)).join('\n') };
}

async function same(args: string[]): Promise<void> {
  const [ours, theirs] = await Promise.all([k(args), kubectl(args)]);
  expect(unorderedDrainErrors(ours)).toEqual(unorderedDrainErrors(theirs));
}

describe('cordon / uncordon', () => {
  it('sets spec.unschedulable and says so, or that nothing changed', async () => {
    expect(await k(['cordon', 'n2'])).toEqual({ code: 0, stdout: 'node/n2 cordoned\n', stderr: '' });
    expect(((await client.get(NODES, 'n2')) as Loose).spec.unschedulable).toBe(true);
    if (hasKubectl) await same(['cordon', 'n2']);
    expect(await k(['uncordon', 'n2'])).toEqual({ code: 0, stdout: 'node/n2 uncordoned\n', stderr: '' });
    expect(((await client.get(NODES, 'n2')) as Loose).spec.unschedulable).toBeUndefined();
    if (hasKubectl) {
      await same(['uncordon', 'n2']);
      await same(['cordon', 'nope']);
    }
  });
});

describe('drain', () => {
  it('refuses pods no controller owns, as kubectl does', async () => {
    await podsOn('n1', [{ name: 'c-ds', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: '9', controller: true }] }]);
    await k(['cordon', 'n1']);
    if (hasKubectl) await same(['drain', 'n1']);
    const r = await k(['drain', 'n1', '--ignore-daemonsets']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot delete cannot delete Pods that declare no controller (use --force to override): default/b-bare');
  });

  it.skipIf(!hasKubectl)('--force --ignore-daemonsets --disable-eviction: the same lines as kubectl, pods gone', async () => {
    const ours = await k(['drain', 'n1', '--force', '--ignore-daemonsets', '--disable-eviction', '--timeout=20s']);
    // c-ds's DaemonSet does not exist: an orphan, which --force deletes too (as kubectl).
    expect((await client.list(PODS, { namespace: 'default' })).items).toEqual([]);
    await podsOn('n1', [{ name: 'c-ds', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: '9', controller: true }] }]);
    const theirs = await kubectl(['drain', 'n1', '--force', '--ignore-daemonsets', '--disable-eviction', '--timeout=20s']);
    expect(ours).toEqual(theirs);
  });

  it('evicts through pods/eviction: the lines kubectl prints (kubectl evicts concurrently, so its order may differ)', async () => {
    for (const p of (await client.list(PODS, { namespace: 'default' })).items) await client.delete(PODS, p.metadata.name!, { namespace: 'default', gracePeriodSeconds: 0 });
    await podsOn('n2');
    const r = await k(['drain', 'n2', '--force']);
    expect(r).toEqual({
      code: 0,
      stdout: 'node/n2 cordoned\nevicting pod default/a-owned\nevicting pod default/b-bare\npod/a-owned evicted\npod/b-bare evicted\nnode/n2 drained\n',
      stderr: 'Warning: deleting Pods that declare no controller: default/b-bare\n',
    });
    if (!hasKubectl) return;
    await k(['uncordon', 'n2']);
    await podsOn('n2');
    const theirs = await kubectl(['drain', 'n2', '--force']);
    const sorted = (s: string) => s.split('\n').sort();
    expect({ ...theirs, stdout: sorted(theirs.stdout) }).toEqual({ ...r, stdout: sorted(r.stdout) });
  });
});
