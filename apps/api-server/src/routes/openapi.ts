/**
 * OpenAPI v3: the index and one document per group-version, generated from packages/api's
 * schemas. kubectl needs it to validate server-side (fieldValidation on PATCH, k8s-api.md 1.4)
 * and `kubectl explain` reads the schemas. Documents are built lazily and cached.
 */
import { createHash } from 'node:crypto';
import { errors, openApiV3ForGroupVersion, registry } from '@skiff/api';

const docs = new Map<string, { json: string; hash: string }>();

function docFor(group: string, version: string): { json: string; hash: string } | undefined {
  const key = `${group}/${version}`;
  let d = docs.get(key);
  if (!d) {
    if (!registry.all().some((t) => t.group === group && t.version === version)) return undefined;
    const json = JSON.stringify(openApiV3ForGroupVersion(group, version));
    d = { json, hash: createHash('sha512').update(json).digest('hex').slice(0, 64).toUpperCase() };
    docs.set(key, d);
  }
  return d;
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export function openApiIndex(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const t of registry.all()) {
    const p = gvPath(t.group, t.version);
    if (seen.has(p)) continue;
    seen.add(p);
    const d = docFor(t.group, t.version)!;
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` };
  }
  return { paths };
}

export function openApiDocument(path: string): string {
  const m = /^\/openapi\/v3\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!m) throw errors.notFound('', '', '');
  const d = m[1] ? docFor('', m[1]) : docFor(m[2]!, m[3]!);
  if (!d) throw errors.notFound('', '', '');
  return d.json;
}
