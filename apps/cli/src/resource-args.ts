/**
 * `<type>[,<type>...] [name...]` or `<type>/<name> [<type>/<name>...]` → what to fetch, as
 * kubectl's ResourceTypeOrNameArgs reads them. Consecutive requests for one type share a
 * printed table, so the order of the arguments is kept.
 */
import type { ApiResource } from './discovery.ts';
import { CliError } from './errors.ts';
import { resolveResource } from './resource-names.ts';

export interface ResourceRequest {
  resource: ApiResource;
  /** Empty: the whole collection. */
  names: string[];
  /** Given as one name (`pod x`, `pod/x`): printed as the object itself, not a List. */
  single: boolean;
}

export function parseResourceArgs(all: ApiResource[], args: string[], verb: string): ResourceRequest[] {
  if (!args.length) {
    throw new CliError(
      `error: You must specify the type of resource to ${verb}. Use "skiff api-resources" for a complete list of supported resources.`,
    );
  }
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) {
      throw new CliError('error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. \'skiff get resource/<resource_name>\' instead of \'skiff get resource resource/<resource_name>\'');
    }
    const reqs = args.map((a) => {
      const i = a.indexOf('/');
      const name = a.slice(i + 1);
      if (!name) throw new CliError(`error: arguments in resource/name form must have a single resource and name`);
      return { resource: resolveResource(all, a.slice(0, i)), names: [name], single: args.length === 1 };
    });
    return reqs;
  }
  const [types, ...names] = args as [string, ...string[]];
  const resources = types.split(',').filter(Boolean).flatMap((t) => expandCategory(all, t) ?? [resolveResource(all, t)]);
  return resources.map((resource) => ({ resource, names, single: resources.length === 1 && names.length === 1 }));
}

/** `all` and other discovery categories stand for every listable resource in them, in discovery order. */
function expandCategory(all: ApiResource[], typed: string): ApiResource[] | undefined {
  const lower = typed.toLowerCase();
  if (all.some((r) => r.plural === lower || r.singular === lower || r.shortNames.includes(lower))) return undefined;
  const members = all.filter((r) => r.preferred && r.categories.includes(lower) && r.verbs.includes('list'));
  return members.length ? members : undefined;
}

/** True when the requests span more than one kind (kubectl then prefixes names with `kind/`). */
export function multipleKinds(reqs: ResourceRequest[]): boolean {
  return new Set(reqs.map((r) => `${r.resource.group}/${r.resource.plural}`)).size > 1;
}
