/**
 * What a pod asks for, in GPU terms: classic `nvidia.com/gpu` limits (summed over its
 * containers, as the scheduler counts them) and its ResourceClaims, resolved to the claim
 * objects the way the claim controller names them (`status.resourceClaimStatuses`, or
 * `<pod>-<claim>` for a template not yet instantiated).
 */
import type { Loose } from '../describe/format.ts';
import { GPU_RESOURCE } from '../gpus/refs.ts';

export function classicGpus(pod: Loose): number {
  const containers: Loose[] = pod.spec?.containers ?? [];
  const sum = containers.reduce((n, c) => n + Number(c.resources?.limits?.[GPU_RESOURCE] ?? c.resources?.requests?.[GPU_RESOURCE] ?? 0), 0);
  const init = Math.max(0, ...(pod.spec?.initContainers ?? []).map((c: Loose) => Number(c.resources?.limits?.[GPU_RESOURCE] ?? 0)));
  return Math.max(sum, init);
}

export interface PodClaim {
  /** The entry's name in pod.spec.resourceClaims. */
  entry: string;
  /** The ResourceClaim's name in the pod's namespace. */
  claimName: string;
  template?: string;
  claim?: Loose;
}

export function podClaims(pod: Loose, claims: Loose[]): PodClaim[] {
  const ns = pod.metadata?.namespace ?? 'default';
  const generated = new Map<string, string>((pod.status?.resourceClaimStatuses ?? []).map((s: Loose) => [s.name, s.resourceClaimName]));
  return (pod.spec?.resourceClaims ?? []).map((rc: Loose) => {
    const claimName = rc.resourceClaimName ?? generated.get(rc.name) ?? `${pod.metadata?.name}-${rc.name}`;
    const claim = claims.find((c) => c.metadata?.namespace === ns && c.metadata?.name === claimName);
    const out: PodClaim = { entry: rc.name, claimName };
    if (rc.resourceClaimTemplateName) out.template = rc.resourceClaimTemplateName;
    if (claim) out.claim = claim;
    return out;
  });
}

/** The DeviceClasses a claim's requests name (exactly and firstAvailable alike). */
export function claimDeviceClasses(claim: Loose): string[] {
  return (claim.spec?.devices?.requests ?? []).flatMap((r: Loose) => [r.exactly?.deviceClassName, ...(r.firstAvailable ?? []).map((s: Loose) => s.deviceClassName)]).filter(Boolean);
}

/** Simple `spec.nodeSelector` match; affinity is left to the scheduler's own message. */
export function selectorMatches(pod: Loose, node: Loose): boolean {
  const labels = node.metadata?.labels ?? {};
  return Object.entries(pod.spec?.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
}
