/**
 * What the server does to every object on its way into storage, for every kind (upstream's
 * rest.BeforeCreate / BeforeUpdate): server-owned metadata, generation, the spec/status split,
 * defaulting and validation. Kind-specific rules come from the ResourceType entry.
 */
import { randomUUID } from 'node:crypto';
import { errors, nowRfc3339, randomSuffix, validateSchema, type KubeObject, type ResourceType, type StatusCause } from '@skiff/api';

function validateOrThrow(type: ResourceType, obj: KubeObject, old?: KubeObject): void {
  const causes: StatusCause[] = type.validate(obj, old);
  if (causes.length > 0) throw errors.invalid(type.kind, type.group, obj.metadata.name ?? '', causes);
}

/** Type errors first: defaulting and semantic validation may assume the shapes are right. */
export function checkTypes(type: ResourceType, obj: KubeObject): void {
  const causes = validateSchema(type, obj);
  if (causes.length > 0) throw errors.invalid(type.kind, type.group, obj.metadata.name ?? '', causes);
}

/** Create: assigns identity, normalises metadata, defaults, validates. Mutates obj. */
export function prepareCreate(type: ResourceType, obj: KubeObject, namespace: string | undefined, now: number): void {
  checkTypes(type, obj);
  const meta = obj.metadata;
  if (meta.resourceVersion) throw errors.badRequest('resourceVersion should not be set on objects to be created');
  if (type.namespaced) {
    if (meta.namespace && meta.namespace !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = namespace;
  } else {
    delete meta.namespace;
  }
  if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix(5);
  meta.uid = randomUUID();
  meta.creationTimestamp = nowRfc3339(now);
  meta.generation = 1;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  type.prepareForCreate?.(obj);
  type.defaults(obj);
  validateOrThrow(type, obj);
}

const SERVER_META = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const;

/**
 * Update of the main resource or a subresource. Returns the object to store: server-owned
 * metadata comes from the old object; spec or status comes from the old object depending on
 * which one this endpoint may not change; generation bumps only when spec changed.
 */
export function prepareUpdate(
  type: ResourceType,
  next: KubeObject,
  old: KubeObject,
  subresource: 'status' | undefined,
  checkUpdateRules = true,
): KubeObject {
  if (type.hasStatusSubresource && subresource !== 'status') {
    // The main resource never changes status: take the stored one before checking types.
    if (old.status === undefined) delete next.status;
    else next.status = structuredClone(old.status);
  }
  checkTypes(type, next);
  const meta = next.metadata;
  if (meta.name !== undefined && meta.name !== old.metadata.name) {
    throw errors.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${old.metadata.name ?? ''})`);
  }
  if (type.namespaced && meta.namespace && meta.namespace !== old.metadata.namespace) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (meta.uid && meta.uid !== old.metadata.uid) {
    throw errors.conflict(type.plural, type.group, old.metadata.name ?? '', `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${old.metadata.uid ?? ''}`);
  }
  meta.name = old.metadata.name;
  if (type.namespaced) meta.namespace = old.metadata.namespace;
  for (const k of SERVER_META) {
    const v = old.metadata[k];
    if (v === undefined) delete meta[k];
    else (meta as Record<string, unknown>)[k] = v;
  }
  // Once deletion has started, finalizers may only be removed (upstream ValidateObjectMetaUpdate).
  if (old.metadata.deletionTimestamp) {
    const added = (meta.finalizers ?? []).filter((f) => !(old.metadata.finalizers ?? []).includes(f));
    if (added.length > 0) {
      throw errors.invalid(type.kind, type.group, old.metadata.name ?? '', [
        { reason: 'FieldValueForbidden', field: 'metadata.finalizers', message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}` },
      ]);
    }
  }
  if (type.hasStatusSubresource) {
    if (subresource === 'status') {
      // The status endpoint changes status only (and labels/annotations are kept from old).
      const status = next.status;
      const kept = structuredClone(old) as KubeObject;
      kept.metadata.resourceVersion = next.metadata.resourceVersion;
      if (status === undefined) delete kept.status;
      else kept.status = status;
      type.defaults(kept);
      validateOrThrow(type, kept, old);
      return kept;
    }
  }
  type.defaults(next);
  if (!sameJson(next.spec, old.spec) || (!('spec' in next) && !sameJson(specLike(next), specLike(old)))) {
    next.metadata.generation = (old.metadata.generation ?? 1) + 1;
  }
  // Trusted internal writers (pods/binding) skip the update-only rules such as pod spec immutability.
  validateOrThrow(type, next, checkUpdateRules ? old : undefined);
  return next;
}

/** Kinds without `spec` (ConfigMap, Secret, ...) count their top-level data as the spec. */
function specLike(o: KubeObject): unknown {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
