/**
 * For the scheduler benchmarks (B5, B8): the real api-server (SQLite, plain HTTP) and the
 * real scheduler (informers over HTTP watch, bindings POSTed) in ONE process, as upstream's
 * scheduler_perf runs kube-apiserver + scheduler in one process. Nodes are simulated Node
 * objects; nothing runs pods.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../../../apps/api-server/src/server.ts';
import { RestClient, type ResourceRef } from '../../../packages/client/src/index.ts';
import { silentLogger } from '../../../packages/logging/src/index.ts';
import { defaultConfig, type SchedulerConfig } from '../../../apps/scheduler/src/config.ts';
import { SchedulerServer } from '../../../apps/scheduler/src/server.ts';

export interface BenchCluster {
  server: ApiServer;
  client: RestClient;
  startScheduler(config?: Partial<SchedulerConfig>): Promise<SchedulerServer>;
  close(): Promise<void>;
}

export async function startBenchCluster(synchronous: 'NORMAL' | 'FULL' = 'NORMAL'): Promise<BenchCluster> {
  const dataDir = mkdtempSync(join(process.env['BENCH_DIR'] ?? tmpdir(), 'skiff-bench-sched-'));
  const server = await startApiServer({ dataDir, port: 0, tls: false, synchronous, logger: silentLogger('api-server'), defaultMetrics: false } as never);
  const client = new RestClient({ server: server.url, token: server.token });
  const scheds: SchedulerServer[] = [];
  return {
    server,
    client,
    async startScheduler(config = {}) {
      const s = new SchedulerServer({ client: new RestClient({ server: server.url, token: server.token }), log: silentLogger('scheduler'), config: { ...defaultConfig(), ...config }, leaderElect: false });
      scheds.push(s);
      await s.start();
      return s;
    },
    async close() {
      for (const s of scheds) await s.stop();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Run `fn(i)` for i in [0, n) with `concurrency` in flight. */
export async function pool(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

export async function createAll(client: RestClient, ref: ResourceRef, objs: { metadata: { namespace?: string } }[], concurrency = 64): Promise<void> {
  await pool(objs.length, concurrency, (i) => client.create(ref, objs[i] as never));
}
