/**
 * `why resourceclaim/x`: allocated (which devices, for which pods) or not, and if not, why:
 * a DeviceClass that does not exist, no pod using it yet (claims are allocated when their
 * first pod is scheduled), or the scheduling verdict of the pod waiting for it.
 */
import type { Loose } from '../describe/format.ts';
import type { WhyFacts } from './facts.ts';
import { explainPod, type Explained } from './pod.ts';
import { claimDeviceClasses, podClaims } from './requests.ts';
import { verdict } from './verdict.ts';

export function claimUsers(claim: Loose, f: WhyFacts): Loose[] {
  const ns = claim.metadata?.namespace;
  return f.pods.filter((p) => p.metadata?.namespace === ns && podClaims(p, f.claims).some((pc) => pc.claimName === claim.metadata?.name));
}

export async function explainClaim(claim: Loose, f: WhyFacts): Promise<Explained> {
  const allocation = claim.status?.allocation;
  if (allocation) {
    const devices = (allocation.devices?.results ?? []).map((r: Loose) => `${r.driver} ${r.pool}/${r.device}`);
    const reserved = (claim.status?.reservedFor ?? []).map((r: Loose) => `${r.resource === 'pods' ? 'pod' : r.resource} ${claim.metadata.namespace}/${r.name}`);
    const details = [`devices: ${devices.join(', ') || '(none)'}`, reserved.length ? `reserved for: ${reserved.join(', ')}` : 'reserved for no pod: it keeps its devices until it is deleted'];
    return { state: 'Allocated', v: verdict('Fine', '', details) };
  }
  const missing = claimDeviceClasses(claim).filter((c) => !f.deviceClasses.has(c));
  if (missing.length) {
    return { state: 'Pending', v: verdict('NeverFits', `it asks for DeviceClass "${missing[0]}", which does not exist.`, [`DeviceClasses in the cluster: ${[...f.deviceClasses].sort().join(', ') || '(none)'}`], `create the DeviceClass, or change the claim's deviceClassName (GPUs: gpu.nvidia.com).`) };
  }
  const users = claimUsers(claim, f);
  const waiting = users.find((p) => !p.spec?.nodeName) ?? users[0];
  if (!waiting) return { state: 'Pending', v: verdict('Starting', 'no pod uses it yet; a claim is allocated when the first pod using it is scheduled.') };
  const e = await explainPod(waiting, f);
  return { state: 'Pending', v: { ...e.v, headline: `pod ${waiting.metadata.name} that uses it is ${e.state}${e.v.headline ? `: ${e.v.headline}` : ''}` } };
}
