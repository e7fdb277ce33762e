/** Label and field selection for list, watch and deletecollection, compiled once per request. */
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, type KubeObject, type ResourceType } from '@skiff/api';
import { str, type Query } from '../../http/query.ts';

export type Predicate = (obj: Readonly<KubeObject>) => boolean;

export function selectionFromQuery(type: ResourceType, q: Query): Predicate | undefined {
  const ls = str(q, 'labelSelector');
  const fs = str(q, 'fieldSelector');
  const label = ls ? parseLabelSelector(ls) : undefined;
  const field = fs ? parseFieldSelector(fs, Object.keys(type.fields)) : undefined;
  if (!label && !field) return undefined;
  return (obj) =>
    (!label || matchesLabels(label, obj.metadata.labels ?? {})) && (!field || matchesFields(field, obj as KubeObject, type.fields));
}
