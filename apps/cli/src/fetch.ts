/**
 * The reads `get` makes, shaped as kubectl makes them: collections with `limit=500` following
 * `continue`, single objects by name, either as the server's Table (Table Accept header, for
 * printing) or as plain JSON (-o yaml|json|name).
 */
import type { KubeList, KubeObject } from '@skiff/api';
import { ApiError, resourcePath, type RestClient } from '@skiff/client';
import type { ApiResource } from './discovery.ts';
import type { Table } from './printers/table.ts';

export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export interface Selection {
  /** undefined: all namespaces (or a cluster-scoped resource). */
  namespace: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

export function namespaceFor(r: ApiResource, s: Selection): string | undefined {
  return r.namespaced ? s.namespace : undefined;
}

/**
 * kubectl's resource builder rewrites a failed list's message (keeping it an API error):
 * `Unable to find "/v1, Resource=pods" that match label selector "x", field selector "": ...`.
 */
export async function describedList<T>(r: ApiResource, s: Selection, list: () => Promise<T>): Promise<T> {
  try {
    return await list();
  } catch (e) {
    if (!(e instanceof ApiError) || (e.code !== 400 && e.code !== 404)) throw e;
    const gvr = `${r.group}/${r.version}, Resource=${r.plural}`;
    const what = s.labelSelector || s.fieldSelector
      ? `Unable to find "${gvr}" that match label selector "${s.labelSelector ?? ''}", field selector "${s.fieldSelector ?? ''}"`
      : `Unable to list "${gvr}"`;
    throw new ApiError({ ...e.status, message: `${what}: ${e.status.message ?? ''}` });
  }
}

export function listTable(client: RestClient, r: ApiResource, s: Selection): Promise<Table> {
  return describedList(r, s, () => listTablePages(client, r, s));
}

async function listTablePages(client: RestClient, r: ApiResource, s: Selection): Promise<Table> {
  const path = resourcePath(r, { namespace: namespaceFor(r, s) });
  const query = { labelSelector: s.labelSelector || undefined, fieldSelector: s.fieldSelector || undefined, limit: 500 };
  const first = await client.requestJson<Table>(path, { accept: TABLE_ACCEPT, query });
  const rows = [...(first.rows ?? [])];
  let cont = first.metadata?.continue;
  while (cont) {
    const page = await client.requestJson<Table>(path, { accept: TABLE_ACCEPT, query: { ...query, continue: cont } });
    rows.push(...(page.rows ?? []));
    cont = page.metadata?.continue;
  }
  return { ...first, rows };
}

export function getTable(client: RestClient, r: ApiResource, name: string, s: Selection): Promise<Table> {
  return client.requestJson<Table>(resourcePath(r, { namespace: namespaceFor(r, s), name }), { accept: TABLE_ACCEPT });
}

/** Items of a list carry no apiVersion/kind on the wire; kubectl fills them in from the list. */
export function itemsOf(list: KubeList): KubeObject[] {
  const kind = list.kind.replace(/List$/, '');
  return list.items.map((i) => ({ ...i, apiVersion: i.apiVersion || list.apiVersion, kind: i.kind || kind }));
}

export async function listObjects(client: RestClient, r: ApiResource, s: Selection): Promise<{ items: KubeObject[]; resourceVersion: string }> {
  const list = await describedList(r, s, () =>
    client.listAll(r, { namespace: namespaceFor(r, s), labelSelector: s.labelSelector, fieldSelector: s.fieldSelector }),
  );
  return { items: itemsOf(list), resourceVersion: list.metadata.resourceVersion ?? '' };
}

export function getObject(client: RestClient, r: ApiResource, name: string, s: Selection): Promise<KubeObject> {
  return client.get(r, name, { namespace: namespaceFor(r, s) });
}
