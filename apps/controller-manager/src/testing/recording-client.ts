/**
 * A KubeClient that records every write and answers as the api-server would in the simple
 * case (uid, generated names, resourceVersion), for reconcile fixtures.
 */
import type { KubeObject, Status } from '@skiff/api';
import { randomSuffix } from '@skiff/api';
import { ApiError, failureStatus, type ResourceRef } from '@skiff/client';
import type { KubeClient } from '../deps.ts';

export interface RecordedWrite {
  verb: 'create' | 'update' | 'updateStatus' | 'patch' | 'delete';
  resource: string;
  namespace: string;
  name: string;
  subresource?: string;
  body?: unknown;
  options?: unknown;
}

export class RecordingClient implements KubeClient {
  readonly writes: RecordedWrite[] = [];
  /** Objects `get` answers from, keyed `plural/ns/name`. */
  readonly objects = new Map<string, KubeObject>();
  /** Make the next matching write fail with this error. */
  failNext: ((w: RecordedWrite) => ApiError | undefined) | undefined;
  #rv = 1000;

  seed(ref: ResourceRef, objs: readonly KubeObject[]): void {
    for (const o of objs) this.objects.set(key(ref, o.metadata.namespace, o.metadata.name ?? ''), o);
  }

  async get<T extends KubeObject = KubeObject>(ref: ResourceRef, name: string, o: { namespace?: string | undefined } = {}): Promise<T> {
    const obj = this.objects.get(key(ref, o.namespace, name));
    if (!obj) throw new ApiError(failureStatus(404, 'NotFound', `${ref.plural} "${name}" not found`));
    return structuredClone(obj) as T;
  }

  async create<T extends KubeObject>(ref: ResourceRef, obj: T, o: { namespace?: string | undefined } = {}): Promise<T> {
    const out = structuredClone(obj);
    out.metadata.name ??= `${obj.metadata.generateName ?? ''}${randomSuffix()}`;
    out.metadata.namespace ??= o.namespace;
    this.#record({ verb: 'create', resource: ref.plural, namespace: out.metadata.namespace ?? '', name: out.metadata.name, body: obj });
    if (this.objects.has(key(ref, out.metadata.namespace, out.metadata.name)))
      throw new ApiError(failureStatus(409, 'AlreadyExists', `${ref.plural} "${out.metadata.name}" already exists`));
    out.metadata.uid = `uid-${out.metadata.name}`;
    out.metadata.resourceVersion = String(++this.#rv);
    out.metadata.generation = 1;
    this.objects.set(key(ref, out.metadata.namespace, out.metadata.name), out);
    return out;
  }

  async update<T extends KubeObject>(ref: ResourceRef, obj: T): Promise<T> {
    return this.#put('update', ref, obj);
  }

  async updateStatus<T extends KubeObject>(ref: ResourceRef, obj: T): Promise<T> {
    return this.#put('updateStatus', ref, obj);
  }

  async patch<T extends KubeObject = KubeObject>(ref: ResourceRef, name: string, type: string, body: unknown, o: { namespace?: string | undefined; subresource?: string | undefined } = {}): Promise<T> {
    const w: RecordedWrite = { verb: 'patch', resource: ref.plural, namespace: o.namespace ?? '', name, body, options: { type } };
    if (o.subresource) w.subresource = o.subresource;
    this.#record(w);
    const k = key(ref, o.namespace, name);
    const base = this.objects.get(k) ?? { apiVersion: '', kind: '', metadata: { name, namespace: o.namespace } };
    const out = mergePatch(structuredClone(base), body) as T;
    out.metadata.resourceVersion = String(++this.#rv);
    this.objects.set(k, out);
    return out;
  }

  async delete<T extends KubeObject = KubeObject>(ref: ResourceRef, name: string, o: { namespace?: string | undefined } = {}): Promise<T | Status> {
    this.#record({ verb: 'delete', resource: ref.plural, namespace: o.namespace ?? '', name, options: o });
    const k = key(ref, o.namespace, name);
    const obj = this.objects.get(k);
    this.objects.delete(k);
    return (obj as T | undefined) ?? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  }

  /** Writes of one verb (and resource). */
  of(verb: RecordedWrite['verb'], resource?: string): RecordedWrite[] {
    return this.writes.filter((w) => w.verb === verb && (!resource || w.resource === resource));
  }

  #put<T extends KubeObject>(verb: 'update' | 'updateStatus', ref: ResourceRef, obj: T): Promise<T> {
    this.#record({ verb, resource: ref.plural, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '', body: obj });
    const out = structuredClone(obj);
    out.metadata.resourceVersion = String(++this.#rv);
    this.objects.set(key(ref, obj.metadata.namespace, obj.metadata.name ?? ''), out);
    return Promise.resolve(out);
  }

  #record(w: RecordedWrite): void {
    const err = this.failNext?.(w);
    this.writes.push(w);
    if (err) throw err;
  }
}

function key(ref: ResourceRef, ns: string | undefined, name: string): string {
  return `${ref.plural}/${ns ?? ''}/${name}`;
}

/** RFC 7386. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
