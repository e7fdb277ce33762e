/**
 * The schema behind `explain <type>`: the type is resolved with discovery (kubectl's
 * RESTMapper rules), then the group-version's OpenAPI v3 document is fetched through the
 * /openapi/v3 index (its hashed URL, as kubectl does) and the kind's schema is found by its
 * x-kubernetes-group-version-kind.
 */
import type { RestClient } from '@skiff/client';
import type { ApiResource } from '../discovery.ts';
import { CliError } from '../errors.ts';
import { resolveResource } from '../resource-names.ts';
import { kindSchema, type OpenApiDoc } from './schema.ts';
import type { ExplainTarget } from './render.ts';

interface OpenApiIndex {
  paths?: Record<string, { serverRelativeURL?: string }>;
}

function notServed(group: string, version: string, plural: string): CliError {
  return new CliError(`error: couldn't find resource for "${group}/${version}, Resource=${plural}"`);
}

/** `pods` or `deployments` with an optional `--api-version=apps/v1`. */
export function pickResource(all: ApiResource[], typed: string, apiVersion: string | undefined): ApiResource {
  let r: ApiResource;
  try {
    r = resolveResource(all, typed);
  } catch (e) {
    // kubectl explain prints this one without its usual `error: ` prefix.
    if (e instanceof CliError) throw new CliError(e.message.replace(/^error: /, ''), e.exitCode);
    throw e;
  }
  if (!apiVersion) return r;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const hit = all.find((x) => x.group === group && x.version === version && x.plural === r.plural);
  if (!hit) throw notServed(group, version, r.plural);
  return hit;
}

export async function explainTarget(client: RestClient, r: ApiResource): Promise<ExplainTarget> {
  const index = await client.requestJson<OpenApiIndex>('/openapi/v3');
  const key = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
  const url = index.paths?.[key]?.serverRelativeURL;
  if (!url) throw notServed(r.group, r.version, r.plural);
  const [path, query] = url.split('?');
  const doc = await client.requestJson<OpenApiDoc>(path!, { query: Object.fromEntries(new URLSearchParams(query ?? '')) });
  const schema = kindSchema(doc, r.group, r.version, r.kind);
  if (!schema) throw notServed(r.group, r.version, r.plural);
  return { doc, group: r.group, version: r.version, kind: r.kind, schema };
}
