/**
 * The reads `get` makes, shaped as kubectl makes them: collections with `limit=500` following
 * `continue`, single objects by name, either as the server's Table (Table Accept header, for
 * printing) or as plain JSON (-o yaml|json|name).
 */
import type { KubeList, KubeObject } from '@skiff/api';
import { resourcePath, type RestClient } from '@skiff/client';
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

export async function listTable(client: RestClient, r: ApiResource, s: Selection): Promise<Table> {
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
  const list = await client.listAll(r, { namespace: namespaceFor(r, s), labelSelector: s.labelSelector, fieldSelector: s.fieldSelector });
  return { items: itemsOf(list), resourceVersion: list.metadata.resourceVersion ?? '' };
}

export function getObject(client: RestClient, r: ApiResource, name: string, s: Selection): Promise<KubeObject> {
  return client.get(r, name, { namespace: namespaceFor(r, s) });
}
