/**
 * End-to-end helpers: the real api-server (temp SQLite), managers against it, and a
 * "node agent" that marks pods Ready / finished by patching their status as a kubelet would.
 */
import type { KubeObject, Pod } from '@skiff/api';
import { nowRfc3339 } from '@skiff/api';
import { isNotFound, RestClient, type ResourceRef } from '@skiff/client';
import { startTestServer, type TestServer } from '@skiff/testing';
import { ControllerManager, type ManagerConfig } from '../manager.ts';
import { podsRef } from '../refs.ts';

export interface Cluster {
  server: TestServer;
  client: RestClient;
  managers: ControllerManager[];
  manager(cfg?: Partial<ManagerConfig>): Promise<ControllerManager>;
  close(): Promise<void>;
}

export async function startCluster(): Promise<Cluster> {
  const server = await startTestServer();
  const client = new RestClient({ server: server.url, token: server.token });
  const managers: ControllerManager[] = [];
  return {
    server,
    client,
    managers,
    async manager(cfg = {}) {
      const m = new ControllerManager({ client, leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 100, ...cfg });
      managers.push(m);
      await m.start();
      return m;
    },
    async close() {
      await Promise.all(managers.map((m) => m.stop()));
      await server.close();
    },
  };
}

export async function until(cond: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function listPods(client: RestClient, labelSelector?: string): Promise<Pod[]> {
  return (await client.list<Pod>(podsRef, { namespace: 'default', labelSelector })).items;
}

/** What a kubelet reports for a started, ready pod. */
export async function markReady(client: RestClient, pod: Pod, ready = true): Promise<void> {
  const t = nowRfc3339();
  const status = {
    phase: 'Running',
    podIP: `10.244.0.${(Math.abs(hashCode(pod.metadata.name ?? '')) % 250) + 2}`,
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: t }, { type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: t }],
  };
  await patchStatus(client, podsRef, pod, { status });
}

/** A kubelet reporting a finished container. */
export async function markFinished(client: RestClient, pod: Pod, exitCode: number, at = Date.now()): Promise<void> {
  const t = nowRfc3339(at);
  const terminated = { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: t, finishedAt: t };
  const status = {
    phase: exitCode === 0 ? 'Succeeded' : 'Failed',
    conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: t }],
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image ?? '', imageID: '', ready: false, restartCount: 0, state: { terminated } })),
  };
  await patchStatus(client, podsRef, pod, { status });
}

export async function patchStatus(client: RestClient, ref: ResourceRef, obj: KubeObject, body: unknown): Promise<void> {
  try {
    await client.patch(ref, obj.metadata.name ?? '', 'merge', body, { namespace: obj.metadata.namespace, subresource: 'status' });
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

function hashCode(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}
