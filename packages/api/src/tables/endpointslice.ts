/** EndpointSlice printer: PORTS and ENDPOINTS show three entries then "+ N more...". */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { age, ageColumn, column, listWithMore, nameColumn } from './common.ts';
import type { Loose } from './common.ts';

export const endpointsliceColumns: TableColumn[] = [
  nameColumn(),
  column('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice.'),
  column('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
  column('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
  ageColumn(),
];

export function endpointsliceRow(obj: KubeObject, now: number): unknown[] {
  const ports = ((obj.ports as Loose[] | undefined) ?? []).map((p) =>
    typeof p.port === 'number' ? String(p.port) : typeof p.name === 'string' ? p.name : '*',
  );
  const addrs = ((obj.endpoints as Loose[] | undefined) ?? []).flatMap((e) => (e.addresses ?? []) as string[]);
  return [obj.metadata?.name ?? '', (obj.addressType as string | undefined) ?? '', listWithMore(ports), listWithMore(addrs), age(obj, now)];
}
