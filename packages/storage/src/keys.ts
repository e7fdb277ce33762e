/**
 * Storage keys. One layout for every kind so that a single string prefix selects "all pods",
 * "pods in one namespace" or "everything in a group", and key order is list order:
 *
 *   namespaced:      /<group or "core">/<plural>/<namespace>/<name>
 *   cluster-scoped:  /<group or "core">/<plural>/<name>
 *
 * Prefixes always end with "/" so `/core/pods/default/` never matches `/core/pods/default2/x`.
 */

/** The part of a ResourceType (from @skiff/api) that decides where its objects live. */
export interface KeyedType {
  group: string;
  plural: string;
  namespaced: boolean;
}

function groupSegment(group: string): string {
  return group === '' ? 'core' : group;
}

export function objectKey(type: KeyedType, namespace: string | undefined, name: string): string {
  const g = groupSegment(type.group);
  return type.namespaced ? `/${g}/${type.plural}/${namespace ?? ''}/${name}` : `/${g}/${type.plural}/${name}`;
}

/** All objects of a type, or (namespaced types) those of one namespace. */
export function prefixKey(type: KeyedType, namespace?: string): string {
  const g = groupSegment(type.group);
  return type.namespaced && namespace !== undefined && namespace !== ''
    ? `/${g}/${type.plural}/${namespace}/`
    : `/${g}/${type.plural}/`;
}
