/**
 * Claim checks that do not depend on a node: every (sub)request names an existing DeviceClass
 * and a known allocation mode. A failure here is unresolvable on every node; the reason reads
 * like upstream's allocator errors ("claim ns/name, request r: could not retrieve device class").
 */
import { ALLOCATION_MODES, type DeviceClass, type DeviceSubRequest, type ExactDeviceRequest, type ResourceClaim } from '@skiff/api';

export function claimRef(claim: ResourceClaim): string {
  const name = claim.metadata.name ?? claim.metadata.generateName ?? '';
  return claim.metadata.namespace ? `${claim.metadata.namespace}/${name}` : name;
}

function checkRequest(ref: string, name: string, req: ExactDeviceRequest | DeviceSubRequest, classes: Map<string, DeviceClass>): string | undefined {
  const where = `claim ${ref}, request ${name}`;
  if (!classes.has(req.deviceClassName)) {
    return `${where}: could not retrieve device class ${req.deviceClassName}: deviceclass.resource.k8s.io "${req.deviceClassName}" not found`;
  }
  const mode = req.allocationMode ?? 'ExactCount';
  if (!(ALLOCATION_MODES as readonly string[]).includes(mode)) return `${where}: unsupported count mode ${mode}`;
  if (mode === 'ExactCount' && req.count !== undefined && req.count <= 0) return `${where}: count must be greater than zero, got ${req.count}`;
  return undefined;
}

export function validateClaimAgainstClasses(claim: ResourceClaim, classes: Map<string, DeviceClass>): string | undefined {
  const ref = claimRef(claim);
  for (const r of claim.spec.devices?.requests ?? []) {
    if (!r.exactly === !r.firstAvailable?.length) {
      return `claim ${ref}, request ${r.name}: exactly one of exactly and firstAvailable must be set`;
    }
    const subs = r.exactly ? [{ name: r.name, req: r.exactly }] : r.firstAvailable!.map((s) => ({ name: `${r.name}/${s.name}`, req: s }));
    for (const { name, req } of subs) {
      const err = checkRequest(ref, name, req, classes);
      if (err) return err;
    }
  }
  return undefined;
}
