/**
 * `get -o yaml|json|name`: plain JSON reads (no Table). One object asked for by one name
 * prints as itself; anything else prints as a `kind: List` with an empty resourceVersion,
 * exactly the shape kubectl builds (printGeneric).
 */
import type { KubeObject } from '@skiff/api';
import { ApiError, isNotFound } from '@skiff/client';
import type { CommandContext } from '../context.ts';
import { apiErrorLine } from '../errors.ts';
import { getObject, listObjects, type Selection } from '../fetch.ts';
import { printJson } from '../printers/json.ts';
import { nameLine } from '../printers/name.ts';
import { printYaml } from '../printers/yaml.ts';
import type { ResourceRequest } from '../resource-args.ts';
import { kindPrefix } from '../resource-names.ts';
import type { GetFlags } from './get.ts';

/** kubectl hides metadata.managedFields unless --show-managed-fields. */
export function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _mf, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

export function printObject(obj: unknown, output: 'yaml' | 'json'): string {
  return output === 'yaml' ? printYaml(obj) : printJson(obj);
}

export function asList(items: KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

export interface Collected {
  found: { req: ResourceRequest; obj: KubeObject }[];
  errors: string[];
}

/** Every object the requests name or list; per-name failures become error lines. */
export async function collectObjects(ctx: CommandContext, reqs: ResourceRequest[], sel: Selection, flags: GetFlags): Promise<Collected> {
  const client = ctx.connection().client;
  const errors: string[] = [];
  const found: Collected['found'] = [];
  for (const req of reqs) {
    if (!req.names.length) {
      const { items } = await listObjects(client, req.resource, sel);
      found.push(...items.map((obj) => ({ req, obj })));
      continue;
    }
    for (const name of req.names) {
      try {
        found.push({ req, obj: await getObject(client, req.resource, name, sel) });
      } catch (e) {
        if (!(e instanceof ApiError) || e.code === 0 || e.code === 401) throw e;
        if (!(flags.ignoreNotFound && isNotFound(e))) errors.push(apiErrorLine(e));
      }
    }
  }
  return { found, errors };
}

/** kubectl's printGeneric: the one object asked for by name, else a List (none when that one failed). */
export function printable(reqs: ResourceRequest[], { found, errors }: Collected, flags: GetFlags): unknown {
  const objects = found.map((f) => (flags.showManagedFields ? f.obj : withoutManagedFields(f.obj)));
  const single = reqs.length === 1 && reqs[0]!.single;
  if (single && objects.length === 1) return objects[0];
  if (single && errors.length) return undefined;
  return asList(objects);
}

export async function printObjects(
  ctx: CommandContext,
  reqs: ResourceRequest[],
  sel: Selection,
  output: 'yaml' | 'json' | 'name',
  flags: GetFlags,
): Promise<string[]> {
  const collected = await collectObjects(ctx, reqs, sel, flags);
  if (output === 'name') {
    for (const { req, obj } of collected.found) ctx.out(nameLine(kindPrefix(req.resource), obj));
    return collected.errors;
  }
  const obj = printable(reqs, collected, flags);
  if (obj !== undefined) ctx.out(printObject(obj, output));
  return collected.errors;
}

/** -o jsonpath / custom-columns: the same object -o json would print, through the template. */
export async function printTemplate(
  ctx: CommandContext,
  reqs: ResourceRequest[],
  sel: Selection,
  print: (obj: unknown) => string,
  flags: GetFlags,
): Promise<string[]> {
  const collected = await collectObjects(ctx, reqs, sel, flags);
  if (!collected.found.length && flags.ignoreNotFound) return collected.errors;
  const obj = printable(reqs, collected, flags);
  if (obj !== undefined) ctx.out(print(obj));
  return collected.errors;
}
