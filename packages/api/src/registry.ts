/**
 * The kind registry: one literal list of every resource Skiff serves, and the lookups
 * routes, discovery, OpenAPI and the CLI need (by plural, by kind, by short name or any
 * spelling kubectl accepts). Each entry wires the kind's schema, defaulting, validation,
 * Table printer and field selectors together; nothing else is per-kind.
 */
import type { TSchema } from '@sinclair/typebox';
import type { KubeObject } from './meta.ts';
import type { StatusCause } from './status.ts';
import type { ResourceType, ScaleSpec, Subresource } from './resource-type.ts';
import { normalizeObject } from './schema/normalize.ts';
import { printerFor } from './tables/index.ts';
import { labelSelectorFromSpec, labelSelectorToString } from './labels.ts';
import * as K from './kinds/index.ts';
import * as F from './kinds/field-selectors.ts';
import * as D from './defaults/index.ts';
import * as V from './validation/index.ts';

const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface Def<T> {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  schema: TSchema;
  shortNames?: string[];
  categories?: string[];
  subresources?: Subresource[];
  verbs?: string[];
  defaults?: (obj: T) => void;
  validate: (obj: T, old?: T) => StatusCause[];
  prepareForCreate?: (obj: T) => void;
  fields?: ResourceType['fields'];
  scale?: ScaleSpec;
  /** Upstream lets some kinds (Node) carry status on create despite a status subresource. */
  keepStatusOnCreate?: boolean;
}

/** Entries are typed per kind; the registry stores them as the generic contract. */
function define<T>(d: Def<T>): ResourceType {
  const hasStatus = (d.subresources ?? []).includes('status');
  const printer = printerFor(d.kind);
  const kindDefaults = d.defaults as ((o: KubeObject) => void) | undefined;
  const kindPrepare = d.prepareForCreate as ((o: KubeObject) => void) | undefined;
  const validate = d.validate as (o: KubeObject, old?: KubeObject) => StatusCause[];
  return {
    group: d.group,
    version: d.version,
    kind: d.kind,
    listKind: `${d.kind}List`,
    plural: d.plural,
    singular: d.kind.toLowerCase(),
    namespaced: d.namespaced,
    shortNames: d.shortNames ?? [],
    categories: d.categories ?? [],
    subresources: d.subresources ?? [],
    verbs: d.verbs ?? STANDARD_VERBS,
    schema: d.schema,
    hasStatusSubresource: hasStatus,
    // Normalising first means defaulting never sees `null` or numeric quantities.
    defaults: (obj) => {
      normalizeObject(d.schema, obj);
      kindDefaults?.(obj);
    },
    validate: (obj, old) => validate(obj, old),
    prepareForCreate: (obj) => {
      normalizeObject(d.schema, obj);
      // Status is server-owned on create for kinds with a status subresource.
      if (hasStatus && !d.keepStatusOnCreate) obj.status = {};
      kindPrepare?.(obj);
    },
    columns: printer.columns,
    row: printer.row,
    fields: d.fields ?? {},
    ...(d.scale ? { scale: d.scale } : {}),
  };
}

/** Scale subresource for apps/v1 workloads: spec.replicas, status.replicas, selector string. */
const replicasScale: ScaleSpec = {
  specReplicas: (o) => ((o.spec as { replicas?: number } | undefined)?.replicas ?? 1),
  setSpecReplicas: (o, n) => {
    o.spec ??= {};
    (o.spec as { replicas?: number }).replicas = n;
  },
  statusReplicas: (o) => ((o.status as { replicas?: number } | undefined)?.replicas ?? 0),
  selector: (o) => {
    try {
      return labelSelectorToString(labelSelectorFromSpec((o.spec as { selector?: K.LabelSelector } | undefined)?.selector));
    } catch {
      return '';
    }
  },
};

const RESOURCES: ResourceType[] = [
  // core/v1
  define<K.Namespace>({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, schema: K.NamespaceSchema, shortNames: ['ns'], subresources: ['status'], defaults: D.defaultNamespace, prepareForCreate: D.prepareNamespaceForCreate, validate: V.validateNamespace, fields: F.namespaceFields }),
  define<K.Pod>({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, schema: K.PodSchema, shortNames: ['po'], categories: ['all'], subresources: ['status', 'binding', 'log', 'exec', 'attach', 'portforward', 'eviction'], defaults: D.defaultPod, prepareForCreate: D.preparePodForCreate, validate: V.validatePod, fields: F.podFields }),
  // Reviews are questions, answered on create and never stored (apps/api-server/src/routes/resources/reviews.ts).
  define<K.SelfSubjectAccessReview>({ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false, schema: K.SelfSubjectAccessReviewSchema, verbs: ['create'], validate: () => [] }),
  define<K.SelfSubjectReview>({ group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false, schema: K.SelfSubjectReviewSchema, verbs: ['create'], validate: () => [] }),
  define<K.Binding>({ group: '', version: 'v1', kind: 'Binding', plural: 'bindings', namespaced: true, schema: K.BindingSchema, verbs: ['create'], validate: V.validateBinding }),
  define<K.Node>({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, schema: K.NodeSchema, shortNames: ['no'], subresources: ['status'], keepStatusOnCreate: true, defaults: D.defaultNode, validate: V.validateNode, fields: F.nodeFields }),
  define<K.Service>({ group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true, schema: K.ServiceSchema, shortNames: ['svc'], categories: ['all'], subresources: ['status'], defaults: D.defaultService, validate: V.validateService }),
  define<K.Event>({ group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, schema: K.EventSchema, shortNames: ['ev'], validate: V.validateEvent, fields: F.eventFields }),
  define<K.ConfigMap>({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, schema: K.ConfigMapSchema, shortNames: ['cm'], validate: V.validateConfigMap }),
  define<K.Secret>({ group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, schema: K.SecretSchema, defaults: D.defaultSecret, validate: V.validateSecret, fields: F.secretFields }),
  // apps/v1
  define<K.Deployment>({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, schema: K.DeploymentSchema, shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'], defaults: D.defaultDeployment, validate: V.validateDeployment, scale: replicasScale }),
  define<K.ReplicaSet>({ group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, schema: K.ReplicaSetSchema, shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'], defaults: D.defaultReplicaSet, validate: V.validateReplicaSet, fields: F.replicaSetFields, scale: replicasScale }),
  // batch/v1
  define<K.Job>({ group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true, schema: K.JobSchema, categories: ['all'], subresources: ['status'], defaults: D.defaultJob, validate: V.validateJob, fields: F.jobFields }),
  // discovery.k8s.io/v1, coordination.k8s.io/v1
  define<K.EndpointSlice>({ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true, schema: K.EndpointSliceSchema, defaults: D.defaultEndpointSlice, validate: V.validateEndpointSlice }),
  define<K.Lease>({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true, schema: K.LeaseSchema, validate: V.validateLease }),
  // resource.k8s.io/v1
  define<K.DeviceClass>({ group: 'resource.k8s.io', version: 'v1', kind: 'DeviceClass', plural: 'deviceclasses', namespaced: false, schema: K.DeviceClassSchema, validate: V.validateDeviceClass }),
  define<K.ResourceSlice>({ group: 'resource.k8s.io', version: 'v1', kind: 'ResourceSlice', plural: 'resourceslices', namespaced: false, schema: K.ResourceSliceSchema, validate: V.validateResourceSlice, fields: F.resourceSliceFields }),
  define<K.ResourceClaim>({ group: 'resource.k8s.io', version: 'v1', kind: 'ResourceClaim', plural: 'resourceclaims', namespaced: true, schema: K.ResourceClaimSchema, subresources: ['status'], defaults: (c) => D.defaultResourceClaimSpec(c.spec), validate: V.validateResourceClaim }),
  define<K.ResourceClaimTemplate>({ group: 'resource.k8s.io', version: 'v1', kind: 'ResourceClaimTemplate', plural: 'resourceclaimtemplates', namespaced: true, schema: K.ResourceClaimTemplateSchema, defaults: (t) => D.defaultResourceClaimSpec(t.spec?.spec), validate: V.validateResourceClaimTemplate }),
  // scheduling.k8s.io
  define<K.PriorityClass>({ group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false, schema: K.PriorityClassSchema, shortNames: ['pc'], defaults: D.defaultPriorityClass, validate: V.validatePriorityClass }),
  define<K.Workload>({ group: 'scheduling.k8s.io', version: 'v1alpha2', kind: 'Workload', plural: 'workloads', namespaced: true, schema: K.WorkloadSchema, subresources: ['status'], validate: V.validateWorkload }),
  define<K.PodGroup>({ group: 'scheduling.k8s.io', version: 'v1alpha2', kind: 'PodGroup', plural: 'podgroups', namespaced: true, schema: K.PodGroupSchema, subresources: ['status'], validate: V.validatePodGroup }),
  // scheduler-plugins coscheduling (a CRD upstream; short names pg, pgs)
  define<K.CoschedulingPodGroup>({ group: 'scheduling.x-k8s.io', version: 'v1alpha1', kind: 'PodGroup', plural: 'podgroups', namespaced: true, schema: K.CoschedulingPodGroupSchema, shortNames: ['pg', 'pgs'], subresources: ['status'], validate: V.validateCoschedulingPodGroup }),
  // policy/v1
  define<K.PodDisruptionBudget>({ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true, schema: K.PodDisruptionBudgetSchema, shortNames: ['pdb'], subresources: ['status'], validate: V.validatePodDisruptionBudget }),
  // metrics.k8s.io: read-only, asked of the node agents per request (apps/api-server/src/routes/metrics). Last, so
  // that `pods` and `nodes` resolve to core/v1 first, as with metrics-server.
  define<K.NodeMetrics>({ group: 'metrics.k8s.io', version: 'v1beta1', kind: 'NodeMetrics', plural: 'nodes', namespaced: false, schema: K.NodeMetricsSchema, verbs: ['get', 'list'], validate: () => [] }),
  define<K.PodMetrics>({ group: 'metrics.k8s.io', version: 'v1beta1', kind: 'PodMetrics', plural: 'pods', namespaced: true, schema: K.PodMetricsSchema, verbs: ['get', 'list'], validate: () => [] }),
];

/** Body-only kinds (subresource payloads): no storage, but OpenAPI and explain know them. */
export const BODY_SCHEMAS: Array<{ group: string; version: string; kind: string; schema: TSchema }> = [
  { group: 'autoscaling', version: 'v1', kind: 'Scale', schema: K.ScaleSchema },
  { group: 'policy', version: 'v1', kind: 'Eviction', schema: K.EvictionSchema },
];

function parseQualified(name: string): { resource: string; group?: string; version?: string } {
  const dot = name.indexOf('.');
  if (dot < 0) return { resource: name };
  const resource = name.slice(0, dot);
  const rest = name.slice(dot + 1);
  // deployments.v1.apps names a version too; deployments.apps only the group.
  const m = /^(v\d+(?:(?:alpha|beta)\d+)?)(?:\.(.*))?$/.exec(rest);
  if (m) return { resource, version: m[1]!, group: m[2] ?? '' };
  return { resource, group: rest };
}

function matchesName(t: ResourceType, n: string): boolean {
  const lower = n.toLowerCase();
  return t.plural === lower || t.singular === lower || t.shortNames.includes(lower) || t.kind === n;
}

export const registry = {
  all(): readonly ResourceType[] {
    return RESOURCES;
  },
  byPlural(group: string, version: string, plural: string): ResourceType | undefined {
    return RESOURCES.find((t) => t.group === group && t.version === version && t.plural === plural);
  },
  /** version optional: the first (preferred) version of that group's kind. */
  byKind(group: string, kind: string, version?: string): ResourceType | undefined {
    return RESOURCES.find((t) => t.group === group && t.kind === kind && (version === undefined || t.version === version));
  },
  /** From an object's apiVersion + kind. */
  byApiVersionKind(apiVersion: string, kind: string): ResourceType | undefined {
    const slash = apiVersion.indexOf('/');
    return slash < 0 ? this.byKind('', kind, apiVersion) : this.byKind(apiVersion.slice(0, slash), kind, apiVersion.slice(slash + 1));
  },
  byShortName(short: string): ResourceType | undefined {
    return RESOURCES.find((t) => t.shortNames.includes(short.toLowerCase()));
  },
  /** Any spelling kubectl accepts: po, pods, pod, Pod, deploy, deployments.apps, deployments.v1.apps. */
  resolve(name: string): ResourceType | undefined {
    const q = parseQualified(name);
    return RESOURCES.find(
      (t) => matchesName(t, q.resource) && (q.group === undefined || t.group === q.group) && (q.version === undefined || t.version === q.version),
    );
  },
  byCategory(category: string): ResourceType[] {
    return RESOURCES.filter((t) => t.categories.includes(category));
  },
  groupVersions(): Array<{ group: string; version: string }> {
    const seen = new Set<string>();
    const out: Array<{ group: string; version: string }> = [];
    for (const t of RESOURCES) {
      const key = `${t.group}/${t.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ group: t.group, version: t.version });
    }
    return out;
  },
};
export type Registry = typeof registry;
