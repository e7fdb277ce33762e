/**
 * From an object's `apiVersion` + `kind` to the `ResourceRef` its URL needs. The
 * mapping belongs to @skiff/api's registry; the client only consumes it through a
 * `ResourceResolver` function, so it works (with a hand-written resolver) before the
 * registry exists and never imports it eagerly.
 */
import type { ResourceRef } from './paths.ts';

export type ResourceResolver = (apiVersion: string, kind: string) => ResourceRef | undefined;

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** The ResourceRef of a registry entry (any object with these ResourceType fields). */
export function refOf(t: { group: string; version: string; plural: string; namespaced: boolean; kind?: string }): ResourceRef {
  const ref: ResourceRef = { group: t.group, version: t.version, plural: t.plural, namespaced: t.namespaced };
  if (t.kind) ref.kind = t.kind;
  return ref;
}

export class NoKindMatchError extends Error {
  constructor(apiVersion: string, kind: string) {
    // kubectl: `no matches for kind "Foo" in version "example.com/v1"`
    super(`no matches for kind "${kind}" in version "${apiVersion}"`);
    this.name = 'NoKindMatchError';
  }
}

export function refFor(obj: { apiVersion: string; kind: string }, resolve: ResourceResolver): ResourceRef {
  const ref = resolve(obj.apiVersion, obj.kind);
  if (!ref) throw new NoKindMatchError(obj.apiVersion, obj.kind);
  return ref;
}

/** A resolver over a fixed list (tests, bootstrapping, kinds the registry does not know). */
export function staticResolver(refs: readonly ResourceRef[]): ResourceResolver {
  return (apiVersion, kind) => {
    const { group, version } = parseApiVersion(apiVersion);
    return refs.find((r) => r.kind === kind && r.group === group && r.version === version);
  };
}

type RegistryEntry = { group: string; version: string; plural: string; namespaced: boolean; kind: string };
type RegistryLike = { byKind?: (...args: string[]) => RegistryEntry | undefined };

/**
 * A resolver backed by @skiff/api's registry, loaded on first call of this function.
 * Rejects with a clear error while the registry module is not there.
 */
export async function registryResolver(): Promise<ResourceResolver> {
  const specifier = '@skiff/api/registry';
  let mod: { registry?: RegistryLike };
  try {
    mod = (await import(specifier)) as { registry?: RegistryLike };
  } catch (e) {
    throw new Error(`@skiff/api registry is not available (${(e as Error).message}); pass a ResourceResolver instead`, { cause: e });
  }
  const byKind = mod.registry?.byKind?.bind(mod.registry);
  if (!byKind) throw new Error('@skiff/api registry has no byKind(); pass a ResourceResolver instead');
  return (apiVersion, kind) => {
    const { group, version } = parseApiVersion(apiVersion);
    // Accept either registry signature: byKind(apiVersion, kind) or byKind(kind); check the GV ourselves.
    const entry = byKind(apiVersion, kind) ?? byKind(kind);
    return entry && entry.kind === kind && entry.group === group && entry.version === version ? refOf(entry) : undefined;
  };
}
