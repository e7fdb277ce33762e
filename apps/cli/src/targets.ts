/**
 * Where a manifest goes: its resource (from apiVersion + kind via discovery) and namespace,
 * checked as kubectl checks them, and the per-object error wording apply/create/delete -f
 * share (`error when creating "f.yaml": ...`, `resource mapping not found ...`).
 */
import { ApiError } from '@skiff/client';
import type { KubeObject } from '@skiff/api';
import type { Connection } from './connection.ts';
import type { ApiResource } from './discovery.ts';
import { apiErrorLine, CliError } from './errors.ts';
import type { Manifest } from './manifests.ts';
import { kindPrefix, resourceForKind } from './resource-names.ts';

export interface Target {
  manifest: Manifest;
  object: KubeObject;
  resource: ApiResource;
  namespace: string | undefined;
  name: string;
  /** `pod/web`, `deployment.apps/demo`. */
  display: string;
}

/** Resolve every manifest first, so a bad kind is reported per object and the rest proceed. */
export function targetOf(all: ApiResource[], conn: Connection, m: Manifest): Target | string {
  const obj = m.object;
  const resource = resourceForKind(all, obj.apiVersion, obj.kind);
  if (!resource) {
    return `error: resource mapping not found for name: "${obj.metadata.name ?? ''}" namespace: "${obj.metadata.namespace ?? ''}" from "${m.source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`;
  }
  let namespace: string | undefined;
  if (resource.namespaced) {
    const own = obj.metadata.namespace;
    if (own && conn.explicitNamespace && own !== conn.namespace) {
      throw new CliError(
        `error: the namespace from the provided object "${own}" does not match the namespace "${conn.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
      );
    }
    namespace = own || conn.namespace;
  }
  const name = obj.metadata.name ?? '';
  return { manifest: m, object: obj, resource, namespace, name, display: `${kindPrefix(resource)}/${name}` };
}

/** kubectl's AddSourceToErr: `Error from server (X): error when <verb> "<file>": <message>`. */
export function sourcedError(e: unknown, verb: string, source: string): string {
  if (!(e instanceof ApiError) || e.code === 0 || e.code === 401) throw e;
  // Invalid reads the same whatever the verb (kubectl's checkErr drops the source for it).
  if (!source || e.code === 422 || e.reason === 'Invalid') return apiErrorLine(e);
  const message = e.status.message ?? '';
  return apiErrorLine(new ApiError({ ...e.status, message: `error when ${verb} "${source}": ${message}` }));
}

export type DryRun = 'none' | 'client' | 'server';

export function parseDryRun(v: string | boolean | undefined): DryRun {
  if (v === undefined || v === false || v === 'none') return 'none';
  if (v === true || v === 'client' || v === 'server') return v === true ? 'client' : v;
  throw new CliError(`error: Invalid dry-run value (${String(v)}). Must be "none", "server", or "client".`);
}

export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}
