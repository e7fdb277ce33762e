/**
 * The pod side of the agent: an informer on the pods bound to this node
 * (fieldSelector spec.nodeName=<node>), a work queue of pod keys (one pod is never on two
 * workers, and a slow pod never blocks another), a periodic resync, and the sweep that
 * removes containers of pods that no longer exist. On start it ADOPTS what is running:
 * containers are matched by labels, never restarted.
 */
import type { Pod } from '@skiff/api';
import { Informer } from '@skiff/client';
import { WorkQueue } from '@skiff/controller';
import type { Logger } from '@skiff/logging';
import { LABEL_NODE, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID } from '../runtime/labels.ts';
import type { ContainerInfo, ContainerRuntime } from '../runtime/runtime.ts';
import { PODS } from '../refs.ts';
import { PodSyncer, podKeyOf, type SyncDeps } from './sync.ts';
import { removePodContainers } from './terminate.ts';
import { removePodDir } from './volumes.ts';

export interface PodManagerOptions extends Omit<SyncDeps, 'enqueue' | 'probes' | 'deviceHealth'> {
  probes: SyncDeps['probes'] | ((enqueue: (key: string) => void) => SyncDeps['probes']);
  deviceHealth?: ((enqueue: (key: string) => void) => NonNullable<SyncDeps['deviceHealth']>) | undefined;
  workers?: number;
  resyncMs?: number;
}

export class PodManager {
  readonly informer: Informer<Pod>;
  readonly queue = new WorkQueue<string>();
  readonly syncer: PodSyncer;
  readonly deviceHealth: SyncDeps['deviceHealth'];
  readonly #o: PodManagerOptions;
  readonly #runtime: ContainerRuntime;
  readonly #log: Logger;
  #timer: ReturnType<typeof setInterval> | undefined;
  #workers: Promise<void>[] = [];
  syncs = 0;

  constructor(o: PodManagerOptions) {
    this.#o = o;
    this.#runtime = o.runtime;
    this.#log = o.log;
    const enqueue = (key: string): void => this.queue.add(key);
    const probes = typeof o.probes === 'function' ? o.probes(enqueue) : o.probes;
    this.deviceHealth = o.deviceHealth?.(enqueue);
    this.syncer = new PodSyncer({ ...o, probes, enqueue, deviceHealth: this.deviceHealth });
    this.informer = new Informer<Pod>(o.client, PODS, { fieldSelector: `spec.nodeName=${o.nodeName}` });
    this.informer.addEventHandler({
      onAdd: (p) => enqueue(podKeyOf(p)),
      onUpdate: (_o, p) => enqueue(podKeyOf(p)),
      onDelete: (p) => enqueue(podKeyOf(p)),
    });
  }

  async start(signal?: AbortSignal): Promise<void> {
    this.informer.start();
    if (!(await this.informer.waitForSync(signal))) return;
    await this.sweepOrphans().catch((e: unknown) => this.#log.warn({ err: e }, 'orphan sweep failed'));
    for (let i = 0; i < (this.#o.workers ?? 4); i++) this.#workers.push(this.#worker());
    this.#timer = setInterval(() => void this.resync(), this.#o.resyncMs ?? 10_000);
    this.#timer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.deviceHealth?.stopAll();
    this.queue.shutDown();
    await this.informer.stop();
    await Promise.all(this.#workers);
  }

  /** Every pod again, plus the orphan sweep: catches what events missed (a container that exited). */
  async resync(): Promise<void> {
    for (const p of this.informer.lister.list()) this.queue.add(podKeyOf(p));
    await this.sweepOrphans().catch((e: unknown) => this.#log.warn({ err: e }, 'orphan sweep failed'));
  }

  /** Remove containers of pods this node no longer has (deleted while the agent was away, or force-deleted). */
  async sweepOrphans(): Promise<number> {
    const known = new Set(this.informer.lister.list().map((p) => p.metadata.uid));
    const all = await this.#runtime.listContainers({ [LABEL_NODE]: this.#o.nodeName });
    const byUid = new Map<string, ContainerInfo[]>();
    for (const c of all) {
      const uid = c.labels[LABEL_POD_UID];
      if (uid && !known.has(uid)) byUid.set(uid, [...(byUid.get(uid) ?? []), c]);
    }
    for (const [uid, cs] of byUid) {
      if (this.syncer.terminator.isStopping(uid)) continue;
      this.#log.info({ pod: `${cs[0]?.labels[LABEL_POD_NAMESPACE]}/${cs[0]?.labels[LABEL_POD_NAME]}`, uid }, 'removing containers of a pod that no longer exists');
      this.syncer.forget(uid);
      await removePodContainers({ runtime: this.#runtime }, cs);
      removePodDir(this.#o.dataDir, uid);
    }
    return byUid.size;
  }

  async #worker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.#reconcile(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  async #reconcile(key: string): Promise<void> {
    const slash = key.indexOf('/');
    const pod = this.informer.lister.get(key.slice(0, slash), key.slice(slash + 1));
    this.syncs++;
    if (!pod) {
      await this.sweepOrphans();
      return;
    }
    try {
      const r = await this.syncer.sync(structuredClone(pod));
      this.queue.forget(key);
      if (r.requeueAfterMs !== undefined) this.queue.addAfter(key, r.requeueAfterMs);
    } catch (e) {
      this.#log.warn({ err: e, pod: key }, 'pod sync failed');
      this.queue.addRateLimited(key);
    }
  }
}
