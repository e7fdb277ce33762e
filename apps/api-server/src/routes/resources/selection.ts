/** Label and field selection for list, watch and deletecollection, compiled once per request. */
import { checkFieldSelector, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, universalFieldGetters, type KubeObject, type ResourceType } from '@skiff/api';
import { str, type Query } from '../../http/query.ts';

export type Predicate = (obj: Readonly<KubeObject>) => boolean;

export function selectionFromQuery(type: ResourceType, q: Query): Predicate | undefined {
  const ls = str(q, 'labelSelector');
  const fs = str(q, 'fieldSelector');
  const label = ls ? parseLabelSelector(ls) : undefined;
  let field: ReturnType<typeof parseFieldSelector> | undefined;
  const getters = { ...universalFieldGetters, ...type.fields };
  if (fs) {
    field = parseFieldSelector(fs);
    checkFieldSelector(field, getters); // unsupported field → 400, before anything is listed
  }
  if (!label && !field) return undefined;
  return (obj) => (!label || matchesLabels(label, obj.metadata.labels ?? {})) && (!field || matchesFields(field, obj as KubeObject, getters));
}
