/**
 * Extended-resource mapping (DRAExtendedResource, k8s-api.md 3.11): `resources.limits:
 * {nvidia.com/gpu: 2}` becomes an ExactCount request on the DeviceClass whose
 * spec.extendedResourceName is that name, or on class <c> for the implicit name
 * `deviceclass.resource.kubernetes.io/<c>`. All such resources of a pod go into one special
 * claim (generateName `<pod>-extended-resources-`, annotated, owned by the pod), one request per
 * container resource named `container-<i>-request-<j>`. The caller decides per node whether a
 * device plugin serves the name instead (node allocatable lists it) and creates the claim.
 */
import { parseQuantity, quantityError, type DeviceClass, type Pod, type ResourceClaim } from '@skiff/api';

export const EXTENDED_RESOURCE_CLAIM_ANNOTATION = 'resource.kubernetes.io/extended-resource-claim';
export const IMPLICIT_EXTENDED_RESOURCE_PREFIX = 'deviceclass.resource.kubernetes.io/';

export interface RequestMapping {
  containerName: string;
  resourceName: string;
  requestName: string;
}

/** Resource name → class. Two classes claiming one name: the newer wins, then the first by name. */
export function extendedResourceClasses(classes: Map<string, DeviceClass>): Map<string, DeviceClass> {
  const byName = new Map<string, DeviceClass>();
  const sorted = [...classes.values()].sort((a, b) => {
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    return ta !== tb ? (ta < tb ? 1 : -1) : (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  });
  for (const c of sorted) {
    const name = c.spec.extendedResourceName;
    if (name && !byName.has(name)) byName.set(name, c);
  }
  return byName;
}

/** The class serving an extended resource name through DRA, explicit name first, then the implicit one. */
export function classForResource(resourceName: string, classes: Map<string, DeviceClass>, explicit: Map<string, DeviceClass>): DeviceClass | undefined {
  const cls = explicit.get(resourceName);
  if (cls) return cls;
  return resourceName.startsWith(IMPLICIT_EXTENDED_RESOURCE_PREFIX) ? classes.get(resourceName.slice(IMPLICIT_EXTENDED_RESOURCE_PREFIX.length)) : undefined;
}

export interface ExtendedClaimOptions {
  /** extendedResourceClasses(classes), when the caller keeps it (it sorts every class). */
  explicit?: Map<string, DeviceClass>;
  /** Only these resource names go through DRA (upstream: those the node's allocatable does not list). */
  include?: (resourceName: string) => boolean;
}

/** The special claim and the pod.status.extendedResourceClaimStatus mappings, if any resource maps. */
export function extendedResourceClaim(pod: Pod, classes: Map<string, DeviceClass>, o: ExtendedClaimOptions = {}): { claim: ResourceClaim; requestMappings: RequestMapping[] } | undefined {
  const explicit = o.explicit ?? extendedResourceClasses(classes);
  const requests: NonNullable<NonNullable<ResourceClaim['spec']['devices']>['requests']> = [];
  const requestMappings: RequestMapping[] = [];
  // Upstream's order and names: init containers first, then containers, one index across both;
  // the second number is the resource's place among the container's sorted requests.
  // A regular init container runs alone and ends, so what it was given can serve a container
  // that starts after it: such requests are reused (whole, as upstream maps them) before a new
  // one is added. A long-lived container (sidecar or app) that reuses one takes it for itself.
  const reusable = new Map<string, { name: string; count: number }[]>();
  const all = [...(pod.spec?.initContainers ?? []).map((c) => ({ c, init: c.restartPolicy !== 'Always' })), ...(pod.spec?.containers ?? []).map((c) => ({ c, init: false }))];
  all.forEach(({ c: ctr, init }, i) => {
    const wanted = { ...ctr.resources?.limits, ...ctr.resources?.requests };
    const keys = Object.keys(wanted).sort();
    keys.forEach((resourceName, j) => {
      if (o.include && !o.include(resourceName)) return;
      const cls = classForResource(resourceName, classes, explicit);
      const raw = wanted[resourceName]!;
      if (!cls || quantityError(raw) !== undefined) return;
      const count = parseQuantity(raw).value();
      if (count <= 0) return;
      const pool = reusable.get(resourceName) ?? [];
      let have = 0;
      const used: { name: string; count: number }[] = [];
      for (const r of pool) {
        if (have >= count) break;
        used.push(r);
        have += r.count;
      }
      for (const r of used) requestMappings.push({ containerName: ctr.name, resourceName, requestName: r.name });
      if (!init) reusable.set(resourceName, pool.filter((r) => !used.includes(r)));
      if (have >= count) return;
      const requestName = `container-${i}-request-${j}`;
      requests.push({ name: requestName, exactly: { deviceClassName: cls.metadata.name ?? '', allocationMode: 'ExactCount', count: count - have } });
      requestMappings.push({ containerName: ctr.name, resourceName, requestName });
      if (init) reusable.set(resourceName, [...(reusable.get(resourceName) ?? []), { name: requestName, count: count - have }]);
    });
  });
  if (requests.length === 0) return undefined;
  const podName = pod.metadata.name ?? '';
  const claim: ResourceClaim = {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaim',
    metadata: {
      // A stable placeholder name keys the allocation result; the API server assigns the real one.
      name: `${podName}-extended-resources`,
      generateName: `${podName}-extended-resources-`,
      ...(pod.metadata.namespace ? { namespace: pod.metadata.namespace } : {}),
      annotations: { [EXTENDED_RESOURCE_CLAIM_ANNOTATION]: 'true' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: podName, uid: pod.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    spec: { devices: { requests } },
  };
  return { claim, requestMappings };
}

export function claimsForExtendedResources(pod: Pod, classes: Map<string, DeviceClass>): ResourceClaim[] {
  const r = extendedResourceClaim(pod, classes);
  return r ? [r.claim] : [];
}
