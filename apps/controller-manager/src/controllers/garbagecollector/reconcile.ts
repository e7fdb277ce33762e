/**
 * One object's garbage collection (upstream garbagecollector attemptToDelete / orphan):
 * - being deleted with `foregroundDeletion`: delete dependents (blocking ones first, in the
 *   foreground so grandchildren go first too); drop the finalizer once no blocking
 *   dependent is left;
 * - being deleted with `orphan`: strip our ownerReference from dependents, drop the finalizer;
 * - otherwise: if every owner is gone (confirmed with a live GET, the cache may lag), delete
 *   it in the background; if only some are, remove the dangling references.
 */
import type { KubeObject, OwnerReference } from '@skiff/api';
import { isConflict, isNotFound, type ResourceRef } from '@skiff/client';
import type { ReconcileContext, Reconciler, Request, Result } from '@skiff/controller';
import type { KubeClient } from '../../deps.ts';
import type { ObjectGraph } from './graph.ts';

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

export class GarbageCollector implements Reconciler {
  readonly #client: KubeClient;
  readonly #graph: ObjectGraph;

  constructor(client: KubeClient, graph: ObjectGraph) {
    this.#client = client;
    this.#graph = graph;
  }

  async reconcile(ctx: ReconcileContext, req: Request): Promise<Result> {
    const node = this.#graph.get(`${req.namespace}/${req.name}`);
    if (!node) return {};
    const { ref, obj } = node;
    try {
      const finalizers = obj.metadata.finalizers ?? [];
      if (obj.metadata.deletionTimestamp && finalizers.includes(ORPHAN)) return await this.#orphan(ctx, ref, obj);
      if (obj.metadata.deletionTimestamp && finalizers.includes(FOREGROUND)) return await this.#foreground(ctx, ref, obj);
      if (obj.metadata.ownerReferences?.length) return await this.#checkOwners(ctx, ref, obj);
      return {};
    } catch (e) {
      if (isNotFound(e)) return {};
      if (isConflict(e)) return { requeue: true };
      throw e;
    }
  }

  async #foreground(ctx: ReconcileContext, ref: ResourceRef, obj: KubeObject): Promise<Result> {
    const uid = obj.metadata.uid ?? '';
    const deps = this.#graph.dependents(uid);
    const blocking = (d: KubeObject) => d.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion) ?? false;
    const ordered = [...deps.filter((d) => blocking(d.obj)), ...deps.filter((d) => !blocking(d.obj))];
    for (const d of ordered) {
      if (d.obj.metadata.deletionTimestamp) continue;
      await this.#delete(ctx, d.ref, d.obj, 'Foreground');
    }
    if (deps.some((d) => blocking(d.obj))) return {}; // their deletion events wake us
    await this.#removeFinalizer(ctx, ref, obj, FOREGROUND);
    return {};
  }

  async #orphan(ctx: ReconcileContext, ref: ResourceRef, obj: KubeObject): Promise<Result> {
    const uid = obj.metadata.uid ?? '';
    for (const d of this.#graph.dependents(uid)) await this.#setOwners(ctx, d.ref, d.obj, (d.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid));
    await this.#removeFinalizer(ctx, ref, obj, ORPHAN);
    return {};
  }

  async #checkOwners(ctx: ReconcileContext, ref: ResourceRef, obj: KubeObject): Promise<Result> {
    const refs = obj.metadata.ownerReferences ?? [];
    const dangling: OwnerReference[] = [];
    let waitingForeground = false;
    for (const o of refs) {
      const state = await this.#ownerState(ctx, obj, o);
      if (state === 'absent') dangling.push(o);
      if (state === 'foreground') waitingForeground = true;
    }
    if (dangling.length === 0) return {};
    if (dangling.length === refs.length) {
      if (!obj.metadata.deletionTimestamp) await this.#delete(ctx, ref, obj, waitingForeground ? 'Foreground' : 'Background');
      return {};
    }
    const gone = new Set(dangling.map((o) => o.uid));
    await this.#setOwners(ctx, ref, obj, refs.filter((o) => !gone.has(o.uid)));
    return {};
  }

  /** present | absent | foreground (being deleted, waiting for its dependents) | unknown (a kind we do not watch). */
  async #ownerState(ctx: ReconcileContext, obj: KubeObject, o: OwnerReference): Promise<'present' | 'absent' | 'foreground' | 'unknown'> {
    const cached = this.#graph.byUid(o.uid);
    if (cached) return cached.obj.metadata.finalizers?.includes(FOREGROUND) && cached.obj.metadata.deletionTimestamp ? 'foreground' : 'present';
    const ownerRef = this.#graph.refForOwner(o.apiVersion, o.kind);
    if (!ownerRef) return 'unknown';
    try {
      const live = await this.#client.get(ownerRef, o.name, { namespace: ownerRef.namespaced ? obj.metadata.namespace : undefined, signal: ctx.signal });
      return live.metadata.uid === o.uid ? 'present' : 'absent';
    } catch (e) {
      if (isNotFound(e)) return 'absent';
      throw e;
    }
  }

  async #delete(ctx: ReconcileContext, ref: ResourceRef, obj: KubeObject, propagationPolicy: 'Foreground' | 'Background'): Promise<void> {
    try {
      await this.#client.delete(ref, obj.metadata.name ?? '', { namespace: obj.metadata.namespace, propagationPolicy, preconditions: { uid: obj.metadata.uid ?? '' }, signal: ctx.signal });
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }

  async #setOwners(ctx: ReconcileContext, ref: ResourceRef, obj: KubeObject, owners: OwnerReference[]): Promise<void> {
    const body = { metadata: { ownerReferences: owners.length ? owners : null, resourceVersion: obj.metadata.resourceVersion } };
    await this.#client.patch(ref, obj.metadata.name ?? '', 'merge', body, { namespace: obj.metadata.namespace, signal: ctx.signal });
  }

  async #removeFinalizer(ctx: ReconcileContext, ref: ResourceRef, obj: KubeObject, finalizer: string): Promise<void> {
    const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    const body = { metadata: { finalizers: finalizers.length ? finalizers : null, resourceVersion: obj.metadata.resourceVersion } };
    await this.#client.patch(ref, obj.metadata.name ?? '', 'merge', body, { namespace: obj.metadata.namespace, signal: ctx.signal });
  }
}
