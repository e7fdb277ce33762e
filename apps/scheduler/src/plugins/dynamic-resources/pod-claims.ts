/**
 * Which ResourceClaims a pod uses: `resourceClaimName` directly, or the claim generated
 * from `resourceClaimTemplateName`, found through pod.status.resourceClaimStatuses or by its
 * conventional name `<pod>-<claim>`. The controller-manager's resourceclaim controller
 * generates these claims; when the scheduler gets to a pod first it creates the claim itself
 * under the same deterministic name (so whoever is second gets AlreadyExists and moves on)
 * and records it in the pod's status. Follow-up: wait for the controller instead, so claims
 * have one writer.
 */
import type { Pod, ResourceClaim } from '@skiff/api';
import { isAlreadyExists } from '@skiff/client';
import type { Handle } from '../../framework/handle.ts';
import { PODS, RESOURCE_CLAIMS } from '../../refs.ts';

export const POD_CLAIM_NAME_ANNOTATION = 'resource.kubernetes.io/pod-claim-name';

export type ResolvedClaims =
  | { ok: true; claims: ResourceClaim[] }
  | { ok: false; reason: string; unresolvable: boolean };

export function generatedClaimName(pod: Pod, podClaimName: string): string {
  return `${pod.metadata.name ?? ''}-${podClaimName}`;
}

export function resolvePodClaims(h: Handle, pod: Pod, creating: Set<string>): ResolvedClaims {
  const ns = pod.metadata.namespace ?? 'default';
  const claims: ResourceClaim[] = [];
  for (const pc of pod.spec?.resourceClaims ?? []) {
    if (pc.resourceClaimName) {
      const c = h.listers.claims.get(ns, pc.resourceClaimName);
      if (!c) return { ok: false, reason: `resourceclaim "${pc.resourceClaimName}" not found`, unresolvable: true };
      claims.push(c);
      continue;
    }
    if (!pc.resourceClaimTemplateName) continue;
    const recorded = pod.status?.resourceClaimStatuses?.find((s) => s.name === pc.name);
    const name = recorded?.resourceClaimName ?? generatedClaimName(pod, pc.name);
    const c = h.listers.claims.get(ns, name);
    if (c) {
      const owned = (c.metadata.ownerReferences ?? []).some((o) => o.uid === pod.metadata.uid);
      if (!owned) return { ok: false, reason: `resourceclaim "${name}" exists but was not created for this pod`, unresolvable: true };
      claims.push(c);
      continue;
    }
    const tmpl = h.listers.claimTemplates.get(ns, pc.resourceClaimTemplateName);
    if (!tmpl) return { ok: false, reason: `resourceclaimtemplate "${pc.resourceClaimTemplateName}" not found`, unresolvable: true };
    const key = `${ns}/${name}`;
    if (!creating.has(key)) {
      creating.add(key);
      void createFromTemplate(h, pod, pc.name, name, tmpl.spec).finally(() => creating.delete(key));
    }
    return { ok: false, reason: `waiting for resourceclaim "${name}" to be created from template "${pc.resourceClaimTemplateName}"`, unresolvable: false };
  }
  for (const c of claims) {
    if (c.metadata.deletionTimestamp && !c.status?.reservedFor?.some((r) => r.uid === pod.metadata.uid)) {
      return { ok: false, reason: `resourceclaim "${c.metadata.name}" is being deleted`, unresolvable: true };
    }
  }
  return { ok: true, claims };
}

async function createFromTemplate(h: Handle, pod: Pod, podClaimName: string, name: string, tmpl: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined; spec: ResourceClaim['spec'] }): Promise<void> {
  const ns = pod.metadata.namespace ?? 'default';
  const claim: ResourceClaim = {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaim',
    metadata: {
      name,
      namespace: ns,
      ...(tmpl.metadata?.labels ? { labels: tmpl.metadata.labels } : {}),
      annotations: { ...(tmpl.metadata?.annotations ?? {}), [POD_CLAIM_NAME_ANNOTATION]: podClaimName },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    spec: tmpl.spec,
  };
  try {
    await h.api.create(RESOURCE_CLAIMS, claim, { namespace: ns });
  } catch (e) {
    if (!isAlreadyExists(e)) {
      h.log.warn({ err: e, pod: `${ns}/${pod.metadata.name}`, claim: name }, 'could not create resource claim from template');
      return;
    }
  }
  const statuses = [...(pod.status?.resourceClaimStatuses ?? []).filter((s) => s.name !== podClaimName), { name: podClaimName, resourceClaimName: name }];
  try {
    await h.api.patch(PODS, pod.metadata.name ?? '', 'merge', { status: { resourceClaimStatuses: statuses } }, { namespace: ns, subresource: 'status' });
  } catch (e) {
    // The claim is found by its conventional name anyway; the status is for kubectl and the kubelet.
    h.log.warn({ err: e, pod: `${ns}/${pod.metadata.name}` }, 'could not record resourceClaimStatuses');
  }
}
