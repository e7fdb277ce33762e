/**
 * Field-selector getters per kind beyond metadata.name/namespace (upstream's
 * <kind>ToSelectableFields). Values are the strings upstream compares against: absent
 * strings are "", booleans "true"/"false", counts decimal.
 */
import type { KubeObject } from '../meta.ts';

type Getter = (o: KubeObject) => string | undefined;
type Fields = Record<string, Getter>;

/** Reads a dotted path; missing → "" as Go's zero value prints. */
function at(path: string): Getter {
  const keys = path.split('.');
  return (o) => {
    let v: unknown = o;
    for (const k of keys) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    if (v === undefined || v === null) return '';
    return String(v);
  };
}

function boolAt(path: string): Getter {
  const get = at(path);
  return (o) => (get(o) === 'true' ? 'true' : 'false');
}

function pick(paths: string[]): Fields {
  return Object.fromEntries(paths.map((p) => [p, at(p)]));
}

export const podFields: Fields = {
  ...pick(['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName']),
  'spec.hostNetwork': boolAt('spec.hostNetwork'),
};

export const eventFields: Fields = {
  ...pick(['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'type', 'reportingComponent']),
  source: at('source.component'),
};

export const nodeFields: Fields = { 'spec.unschedulable': boolAt('spec.unschedulable') };
export const secretFields: Fields = { type: at('type') };
export const namespaceFields: Fields = { 'status.phase': at('status.phase') };
export const jobFields: Fields = { 'status.successful': (o) => String((o.status as { succeeded?: number } | undefined)?.succeeded ?? 0) };
export const replicaSetFields: Fields = { 'status.replicas': (o) => String((o.status as { replicas?: number } | undefined)?.replicas ?? 0) };
export const resourceSliceFields: Fields = pick(['spec.nodeName', 'spec.driver']);
