/**
 * Shared pieces of the server-side printers (kubernetes `pkg/printers/internalversion/printers.go`):
 * column constructors, AGE, container layout. Rows are always built "wide" (all columns),
 * as the apiserver's TableConvertor does; kubectl hides priority>0 columns itself.
 */
import type { TableColumn } from '../resource-type.ts';
import type { KubeObject } from '../meta.ts';
import { translateTimestampSince } from '../duration.ts';

/** metav1.ObjectMeta SwaggerDoc texts used by every kind's Name/Age columns. */
export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export function column(name: string, type: TableColumn['type'], description: string, priority = 0): TableColumn {
  return { name, type, format: '', description, priority };
}

export const nameColumn = (): TableColumn => ({ name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 });
export const ageColumn = (): TableColumn => column('Age', 'string', CREATION_TIMESTAMP_DESCRIPTION);

export const containersColumn = (): TableColumn => column('Containers', 'string', 'Names of each container in the template.', 1);
export const imagesColumn = (): TableColumn => column('Images', 'string', 'Images referenced by each container in the template.', 1);

export function age(obj: KubeObject, now: number): string {
  return translateTimestampSince(obj.metadata?.creationTimestamp, now);
}

/** Loose read access into an object without a schema type (the printers tolerate absent fields). */
export type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function spec(obj: KubeObject): Loose {
  return (obj.spec ?? {}) as Loose;
}

export function status(obj: KubeObject): Loose {
  return (obj.status ?? {}) as Loose;
}

export function int(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** layoutContainerCells: comma-joined names and images. */
export function layoutContainerCells(containers: Loose[] | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(',')];
}

/** Condition lookup: true only when the first condition of that type has status True. */
export function hasCondition(conditions: Loose[] | undefined, type: string): boolean {
  const c = (conditions ?? []).find((x) => x.type === type);
  return c?.status === 'True';
}

/** listWithMoreString: at most 3 entries, then " + N more...", `<unset>` when empty. */
export function listWithMore(all: string[], max = 3): string {
  const list = all.slice(0, max);
  const ret = list.join(',');
  if (all.length > max) return `${ret} + ${all.length - max} more...`;
  return ret === '' ? '<unset>' : ret;
}
