/**
 * An in-memory API for the Harness: a versioned object store with the semantics the
 * scheduler relies on (resourceVersion conflicts, AlreadyExists/NotFound, status
 * subresource, binding sets nodeName once) that reports every change to a listener,
 * one microtask later, like a watch would.
 */
import type { KubeObject } from '@skiff/api';
import { applyMergePatch } from '@skiff/api';
import { ApiError, failureStatus, type ResourceRef } from '@skiff/client';
import type { ReadLister, SchedulerApi, WriteScope } from '../api.ts';
import type { EventAction } from '../queue/events.ts';

export type ChangeListener = (ref: ResourceRef, action: EventAction, oldObj: KubeObject | undefined, newObj: KubeObject | undefined) => void;

const refKey = (r: ResourceRef): string => `${r.group}/${r.plural}`;
const objKey = (ns: string | undefined, name: string): string => (ns ? `${ns}/${name}` : name);
/** uids are unique across FakeApi instances too: module-level caches keyed by uid (the spam filter in explain/report.ts) outlive one test's Harness. */
let instances = 0;

const fail = (code: number, reason: 'NotFound' | 'Conflict' | 'AlreadyExists' | 'Invalid', msg: string): ApiError => new ApiError(failureStatus(code, reason, msg));

export class FakeApi implements SchedulerApi {
  readonly #store = new Map<string, Map<string, KubeObject>>();
  #rv = 0;
  #uid = 0;
  #generated = 0;
  readonly #instance = ++instances;
  listener: ChangeListener | undefined;
  /** Inject failures: return an error to throw for this call, a promise to stall it until settled, or undefined. */
  failHook: ((verb: string, ref: ResourceRef, name: string) => Error | Promise<unknown> | undefined) | undefined;
  readonly bindings: { pod: string; node: string }[] = [];

  lister<T extends KubeObject>(ref: ResourceRef): ReadLister<T> {
    return {
      get: (ns, name) => this.#bucket(ref).get(objKey(ref.namespaced ? ns : undefined, name)) as T | undefined,
      list: (ns) => [...this.#bucket(ref).values()].filter((o) => !ns || o.metadata.namespace === ns) as T[],
    };
  }

  /** Synchronous write used by tests to seed objects (still reported asynchronously). */
  put<T extends KubeObject>(ref: ResourceRef, obj: T): T {
    const b = this.#bucket(ref);
    const key = objKey(ref.namespaced ? (obj.metadata.namespace ?? 'default') : undefined, obj.metadata.name ?? '');
    const old = b.get(key);
    const o = structuredClone(obj) as T;
    if (ref.namespaced) o.metadata.namespace ??= 'default';
    o.metadata.uid ??= old?.metadata.uid ?? `uid-${this.#instance}-${++this.#uid}`;
    o.metadata.creationTimestamp ??= old?.metadata.creationTimestamp ?? new Date(Date.UTC(2026, 0, 1) + this.#uid * 1000).toISOString();
    o.metadata.resourceVersion = String(++this.#rv);
    b.set(key, Object.freeze(o) as T);
    this.#emit(ref, old ? 'Update' : 'Add', old, o);
    return o;
  }

  remove(ref: ResourceRef, ns: string | undefined, name: string): void {
    const b = this.#bucket(ref);
    const key = objKey(ref.namespaced ? (ns ?? 'default') : undefined, name);
    const old = b.get(key);
    if (!old) return;
    b.delete(key);
    this.#emit(ref, 'Delete', old, undefined);
  }

  get<T extends KubeObject>(ref: ResourceRef, ns: string | undefined, name: string): T | undefined {
    return this.lister<T>(ref).get(ns ?? 'default', name);
  }

  async create<T extends KubeObject>(ref: ResourceRef, obj: T, o?: WriteScope): Promise<T> {
    await this.#check('create', ref, obj.metadata.name ?? obj.metadata.generateName ?? '');
    const ns = o?.namespace ?? obj.metadata.namespace;
    // generateName: a suffix as the API server appends (deterministic here: a counter).
    const name = obj.metadata.name || (obj.metadata.generateName ? `${obj.metadata.generateName}${(++this.#generated).toString(36).padStart(5, 'x')}` : '');
    if (this.get(ref, ns, name)) throw fail(409, 'AlreadyExists', `${ref.plural} "${name}" already exists`);
    return this.put(ref, { ...obj, metadata: { ...obj.metadata, name, namespace: ns } });
  }

  async update<T extends KubeObject>(ref: ResourceRef, obj: T, o?: WriteScope): Promise<T> {
    return this.#write(ref, obj, o, false);
  }

  async updateStatus<T extends KubeObject>(ref: ResourceRef, obj: T, o?: WriteScope): Promise<T> {
    return this.#write(ref, obj, o, true);
  }

  async patch<T extends KubeObject = KubeObject>(ref: ResourceRef, name: string, type: 'merge' | 'strategic', body: unknown, o?: WriteScope & { subresource?: string | undefined }): Promise<T> {
    await this.#check('patch', ref, name);
    const cur = this.get(ref, o?.namespace, name);
    if (!cur) throw fail(404, 'NotFound', `${ref.plural} "${name}" not found`);
    let next: KubeObject;
    const b = body as { status?: { conditions?: { type: string }[] } };
    if (type === 'strategic' && b.status?.conditions) {
      // The one strategic patch the scheduler sends: conditions merged by type.
      const conds = [...((cur as { status?: { conditions?: { type: string }[] } }).status?.conditions ?? [])];
      for (const c of b.status.conditions) {
        const i = conds.findIndex((x) => x.type === c.type);
        if (i >= 0) conds[i] = c;
        else conds.push(c);
      }
      next = applyMergePatch(structuredClone(cur), { ...b, status: { ...b.status, conditions: conds } });
    } else next = applyMergePatch(structuredClone(cur), body);
    return this.put(ref, next) as T;
  }

  async delete(ref: ResourceRef, name: string, o?: WriteScope & { preconditions?: { uid?: string } | undefined }): Promise<unknown> {
    await this.#check('delete', ref, name);
    const cur = this.get(ref, o?.namespace, name);
    if (!cur) throw fail(404, 'NotFound', `${ref.plural} "${name}" not found`);
    if (o?.preconditions?.uid && cur.metadata.uid !== o.preconditions.uid) throw fail(409, 'Conflict', 'uid precondition failed');
    this.remove(ref, o?.namespace, name);
    return cur;
  }

  async createSubresource(ref: ResourceRef, name: string, subresource: string, body: unknown, o?: WriteScope): Promise<unknown> {
    await this.#check(subresource, ref, name);
    if (subresource !== 'binding') throw fail(404, 'NotFound', `subresource ${subresource}`);
    const pod = this.get(ref, o?.namespace, name) as (KubeObject & { spec?: { nodeName?: string } }) | undefined;
    if (!pod) throw fail(404, 'NotFound', `pods "${name}" not found`);
    if (pod.spec?.nodeName) throw fail(409, 'Conflict', `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
    const node = (body as { target: { name: string } }).target.name;
    const next = structuredClone(pod);
    next.spec = { ...next.spec, nodeName: node };
    this.put(ref, next);
    this.bindings.push({ pod: `${pod.metadata.namespace}/${name}`, node });
    return { kind: 'Status', status: 'Success' };
  }

  async #write<T extends KubeObject>(ref: ResourceRef, obj: T, o: WriteScope | undefined, statusOnly: boolean): Promise<T> {
    await this.#check(statusOnly ? 'updateStatus' : 'update', ref, obj.metadata.name ?? '');
    const ns = o?.namespace ?? obj.metadata.namespace;
    const cur = this.get(ref, ns, obj.metadata.name ?? '');
    if (!cur) throw fail(404, 'NotFound', `${ref.plural} "${obj.metadata.name}" not found`);
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== cur.metadata.resourceVersion) {
      throw fail(409, 'Conflict', `Operation cannot be fulfilled on ${ref.plural} "${obj.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    const next = statusOnly ? { ...structuredClone(cur), status: structuredClone((obj as { status?: unknown }).status) } : { ...structuredClone(obj), status: structuredClone((cur as { status?: unknown }).status) };
    return this.put(ref, next as T);
  }

  async #check(verb: string, ref: ResourceRef, name: string): Promise<void> {
    await Promise.resolve();
    const e = this.failHook?.(verb, ref, name);
    if (e instanceof Promise) await e;
    else if (e) throw e;
  }

  #bucket(ref: ResourceRef): Map<string, KubeObject> {
    let b = this.#store.get(refKey(ref));
    if (!b) this.#store.set(refKey(ref), (b = new Map()));
    return b;
  }

  #emit(ref: ResourceRef, action: EventAction, oldObj: KubeObject | undefined, newObj: KubeObject | undefined): void {
    const l = this.listener;
    if (l) queueMicrotask(() => l(ref, action, oldObj, newObj));
  }
}
