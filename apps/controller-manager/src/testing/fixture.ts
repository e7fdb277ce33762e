/**
 * The controller test harness (sample-controller's fixture): informer caches preloaded with
 * the given objects (no server), a RecordingClient, a fixed clock; run one reconcile and
 * assert on the recorded writes.
 */
import type { Event, KubeList, KubeObject } from '@skiff/api';
import { SharedInformerFactory, type ListWatchSource, type ResourceRef, type WatchEvent } from '@skiff/client';
import { EventBroadcaster, eventsRef, type Reconciler, type Result } from '@skiff/controller';
import { silentLogger } from '@skiff/logging';
import { DEFAULT_OPTIONS, type ControllerDeps, type ManagerOptions } from '../deps.ts';
import { RecordingClient } from './recording-client.ts';

export interface Fixture {
  client: RecordingClient;
  deps: ControllerDeps;
  /** Advance or set the fixture clock. */
  clock: { now: number };
  /** Every Event the reconcilers recorded, as stored (counts applied), oldest first. */
  events(): Promise<Event[]>;
  reconcile(r: Reconciler, namespace: string, name: string): Promise<Result>;
  stop(): Promise<void>;
}

/** Preload: plural → objects (e.g. `{ pods: [...], replicasets: [...] }`). */
export async function fixture(objects: Record<string, readonly KubeObject[]>, opts: { now?: number; options?: Partial<ManagerOptions> } = {}): Promise<Fixture> {
  const source: ListWatchSource = {
    async listAll<T extends KubeObject>(ref: ResourceRef): Promise<KubeList<T>> {
      const items = (objects[ref.plural] ?? []).map((o, i) => withRv(structuredClone(o), i)) as T[];
      return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '1' }, items };
    },
    watch<T extends KubeObject>(_ref: ResourceRef, o: { signal?: AbortSignal | undefined }): AsyncIterable<WatchEvent<T>> {
      return idleWatch<T>(o.signal);
    },
  };
  const factory = new SharedInformerFactory(source);
  const client = new RecordingClient();
  const clock = { now: opts.now ?? Date.parse('2026-01-01T00:00:00Z') };
  // Events go to their own recording client, so tests of other writes do not see them.
  const eventClient = new RecordingClient();
  const broadcaster = new EventBroadcaster(eventClient, { now: () => clock.now });
  const deps: ControllerDeps = {
    client,
    factory,
    now: () => clock.now,
    logger: silentLogger('fixture'),
    options: { ...DEFAULT_OPTIONS, ...opts.options },
    recorder: (component) => broadcaster.newRecorder(component),
  };
  return {
    client,
    deps,
    clock,
    async events() {
      await broadcaster.flush();
      const names = eventClient.of('create', eventsRef.plural).map((w) => `${eventsRef.plural}/${w.namespace}/${w.name}`);
      return names.map((k) => eventClient.objects.get(k) as Event).filter(Boolean);
    },
    async reconcile(r, namespace, name) {
      factory.start();
      await factory.waitForSync();
      const ctx = { signal: new AbortController().signal, controller: 'fixture', reconcileId: 'r1' };
      return (await r.reconcile(ctx, { namespace, name })) ?? {};
    },
    stop: () => factory.stop(),
  };
}

function withRv(o: KubeObject, i: number): KubeObject {
  o.metadata.resourceVersion ??= String(10 + i);
  o.metadata.uid ??= `uid-${o.metadata.name ?? i}`;
  return o;
}

async function* idleWatch<T extends KubeObject>(signal: AbortSignal | undefined): AsyncGenerator<WatchEvent<T>> {
  await new Promise<void>((resolve) => {
    if (!signal || signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
