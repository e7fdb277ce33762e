/**
 * The write path's object handling: copy, set resourceVersion, serialise once, freeze.
 *
 * The copy is made by JSON.parse of the one JSON.stringify we need anyway: a deep copy that is
 * exactly what is on disk (undefined fields dropped, no shared references with the caller's
 * object), so an object read back after a restart is indistinguishable from the one served now.
 */
import type { KubeObject } from '@skiff/api';
import type { Stored } from './store.ts';

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const k in value) deepFreeze((value as Record<string, unknown>)[k]);
  }
  return value;
}

/**
 * A new Stored for `object` at `revision`; `object`'s own top level and metadata are never
 * mutated. With `adopt`, the nested values of `object` are frozen and shared instead of copied
 * (the caller gave them up); the stored object then equals its JSON except for `undefined`
 * fields, which JSON drops and readers treat as absent anyway.
 */
export function stamp(object: Readonly<KubeObject>, revision: number, adopt = false): Stored {
  const withRv = { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
  const json = JSON.stringify(withRv);
  return { object: deepFreeze(adopt ? (withRv as KubeObject) : (JSON.parse(json) as KubeObject)), json, revision };
}

/** A Stored rebuilt from persisted JSON (the json text is kept as is, never re-serialised). */
export function fromJson(json: string, revision: number): Stored {
  const object: unknown = JSON.parse(json);
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw new Error(`revision ${revision}: value is not a JSON object`);
  }
  const metadata = (object as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null) {
    throw new Error(`revision ${revision}: value has no metadata`);
  }
  return { object: deepFreeze(object as KubeObject), json, revision };
}
