/**
 * Resource names as users type them (`po`, `pods`, `Pod`, `deploy`, `deployments.apps`,
 * `deployments.v1.apps`) and kinds as manifests carry them (apiVersion + kind), resolved
 * against discovery with kubectl's RESTMapper rules: plural, singular, short name or kind,
 * optionally qualified by group (and version); the core group wins ties, then discovery order.
 */
import { CliError } from './errors.ts';
import type { ApiResource } from './discovery.ts';

function matchesName(r: ApiResource, name: string): boolean {
  return r.plural === name || r.singular === name || r.shortNames.includes(name) || r.kind.toLowerCase() === name;
}

export function resolveResource(all: ApiResource[], typed: string): ApiResource {
  const lower = typed.toLowerCase();
  const candidates: { name: string; group?: string; version?: string }[] = [{ name: lower }];
  const dot = lower.indexOf('.');
  if (dot > 0) {
    const rest = lower.slice(dot + 1);
    candidates.push({ name: lower.slice(0, dot), group: rest });
    const dot2 = rest.indexOf('.');
    if (dot2 > 0) candidates.push({ name: lower.slice(0, dot), version: rest.slice(0, dot2), group: rest.slice(dot2 + 1) });
  }
  for (const c of candidates) {
    const hits = all.filter(
      (r) =>
        !r.plural.includes('/') &&
        matchesName(r, c.name) &&
        (c.group === undefined || r.group === c.group) &&
        (c.version === undefined ? r.preferred : r.version === c.version),
    );
    if (hits.length) return hits.find((r) => r.group === '') ?? hits[0]!;
  }
  throw new CliError(`error: the server doesn't have a resource type "${typed}"`);
}

export function resourceForKind(all: ApiResource[], apiVersion: string, kind: string): ApiResource | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return all.find((r) => r.group === group && r.version === version && r.kind === kind && !r.plural.includes('/'));
}

/** `pod`, `deployment.apps`: how kubectl names a kind in `-o name` and apply/delete messages. */
export function kindPrefix(r: Pick<ApiResource, 'group' | 'kind'>): string {
  return r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase();
}

/** `pods`, `deployments.apps`: the resource as kubectl names it in NotFound and delete messages. */
export function qualifiedPlural(r: Pick<ApiResource, 'group' | 'plural'>): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}
