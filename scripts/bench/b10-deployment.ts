/**
 * B10 (performance.md §6): controller churn. A 1,000-replica Deployment → 1,000 pods created
 * (ReplicaSet + Deployment controllers, the real controller-manager code) and bound by a
 * trivial binder (round-robin over 10 fake nodes) that binds the way the scheduler does: the
 * scheduler's own BindBatcher (bindings of one turn in one POST /apis/skiff.dev/v1/bindings;
 * B10_BATCH=0 for one POST pods/<name>/binding each). The scheduler's decisions are B5's. The api-server runs in its own process (synchronous=NORMAL); the
 * controller-manager and the binder share this one.
 *
 *   node scripts/bench/b10-deployment.ts      BENCH_RUNS=3 (median run); B10_REPLICAS=1000
 *
 * Target (moonshot): ≤ 1 s to all 1,000 bound; baseline ≤ 5 s. Upstream anchor: default
 * kube-controller-manager QPS 20 ⇒ ~50 s for the creates alone.
 */
import type { Pod } from '../../packages/api/src/index.ts';
import { RestClient, SharedInformerFactory } from '../../packages/client/src/index.ts';
import { ControllerManager } from '../../apps/controller-manager/src/manager.ts';
import { deploymentsRef, nodesRef, podsRef } from '../../apps/controller-manager/src/refs.ts';
import { BindBatcher } from '../../apps/scheduler/src/plugins/default-binder/bind-batcher.ts';
import { RUNS } from './lib/config.ts';
import { machineLine } from './lib/machine.ts';
import { selfCpuSeconds, startServerProcess } from './lib/server.ts';
import { fmt, median } from './lib/stats.ts';
import { printTable } from './lib/table.ts';

const REPLICAS = Number(process.env['B10_REPLICAS'] ?? 1000);
const NODES = 10;
const BATCH = process.env['B10_BATCH'] !== '0';

interface Run {
  created: number;
  bound: number;
  serverCpu: number;
  clientCpu: number;
}

async function once(run: number): Promise<Run> {
  const server = await startServerProcess({ synchronous: 'NORMAL' });
  const client = new RestClient({ server: server.url, token: server.token });
  const manager = new ControllerManager({ client, controllers: ['replicaset', 'deployment'], leaderElection: false, options: { workers: 4 } });
  const factory = new SharedInformerFactory(client);
  try {
    for (let i = 0; i < NODES; i++) await client.create(nodesRef, { apiVersion: 'v1', kind: 'Node', metadata: { name: `bench-node-${i}` } });
    await manager.start();
    await new Promise((r) => setTimeout(r, 300)); // informers synced
    const pods = factory.informerFor<Pod>(podsRef, { namespace: 'default' });
    let seen = 0;
    let bound = 0;
    let next = 0;
    let tCreated = 0;
    let tBound = 0;
    const t0 = { at: 0 };
    const single = (b: { name: string; node: string }) =>
      client.createSubresource(podsRef, b.name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: b.name }, target: { apiVersion: 'v1', kind: 'Node', name: b.node } }, { namespace: 'default' }).then(() => undefined);
    const batcher = new BindBatcher(client.requestJson.bind(client), single);
    const done = new Promise<void>((resolve) => {
      pods.addEventHandler({
        onAdd: (p) => {
          if (++seen === REPLICAS) tCreated = performance.now() - t0.at;
          if (!p.spec?.nodeName) {
            const node = `bench-node-${next++ % NODES}`;
            const b = { namespace: 'default', name: p.metadata.name ?? '', uid: p.metadata.uid ?? '', node };
            void (BATCH ? batcher.bind(b) : single(b)).then(() => {
              if (++bound === REPLICAS) {
                tBound = performance.now() - t0.at;
                resolve();
              }
            });
          }
        },
      });
    });
    factory.start();
    await factory.waitForSync();
    const s0 = server.cpuSeconds();
    const c0 = selfCpuSeconds();
    t0.at = performance.now();
    await client.create(deploymentsRef, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `bench-${run}`, namespace: 'default' },
      spec: { replicas: REPLICAS, selector: { matchLabels: { app: 'bench' } }, template: { metadata: { labels: { app: 'bench' } }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] } } },
    });
    await done;
    return { created: tCreated, bound: tBound, serverCpu: server.cpuSeconds() - s0, clientCpu: selfCpuSeconds() - c0 };
  } finally {
    await factory.stop();
    await manager.stop();
    await client.close();
    await server.stop();
  }
}

process.stdout.write(`\n### B10 — Deployment of ${REPLICAS} replicas → pods created and bound\n\n${machineLine()}\n`);
const runs: Run[] = [];
for (let i = 0; i < RUNS; i++) runs.push(await once(i));
const by = (f: (r: Run) => number) => median(runs.map(f));
printTable(
  '',
  ['replicas', 'all created (median)', 'all bound (median)', 'runs (bound)', 'pods/s (bound)', 'api-server CPU s', 'controllers+binder CPU s', 'target'],
  [[REPLICAS, fmt.ms(by((r) => r.created)), fmt.ms(by((r) => r.bound)), runs.map((r) => fmt.ms(r.bound)).join(' / '), fmt.rate((REPLICAS / by((r) => r.bound)) * 1000), by((r) => r.serverCpu).toFixed(2), by((r) => r.clientCpu).toFixed(2), '≤ 1 s (moonshot), ≤ 5 s (baseline)']],
  [`api-server in its own process, synchronous=NORMAL; controller-manager (replicaset + deployment, 4 workers each) and a trivial binder in the bench process (${BATCH ? "the scheduler's batched bindings" : 'one binding request per pod'}); 10 fake nodes.`],
);
