/**
 * A claim's status.allocation from the search's choices: one result per device with the
 * request (or `req/sub`) it satisfied; config copied FromClass first (per request, from the
 * class actually used) then FromClaim; a nodeSelector naming the node when any device is
 * node-local, the slice's selector for selector-reachable devices, none for allNodes only.
 */
import type { ResourceClaim } from '@skiff/api';
import { nodeNameSelector } from './node-selector.ts';
import type { Choice } from './search.ts';
import type { Slot } from './matching.ts';
import type { ClaimAllocation } from './types.ts';

type Result = NonNullable<NonNullable<ClaimAllocation['devices']>['results']>[number];
type Config = NonNullable<NonNullable<ClaimAllocation['devices']>['config']>[number];

export function claimAllocation(claim: ResourceClaim, claimIndex: number, slots: Slot[], choices: Choice[], nodeName: string): ClaimAllocation {
  const results: Result[] = [];
  const classConfig: Config[] = [];
  let nodeLocal = false;
  const selectors = new Set<string>();
  let selector: ClaimAllocation['nodeSelector'];
  slots.forEach((slot, s) => {
    if (slot.claimIndex !== claimIndex) return;
    const { alternative: alt, devices } = choices[s]!;
    for (const d of devices) {
      const r: Result = { request: alt.resultName, driver: d.driver, pool: d.pool, device: d.name };
      if (alt.adminAccess) r.adminAccess = true;
      if (alt.tolerations?.length) r.tolerations = alt.tolerations;
      results.push(r);
      if (d.nodeLocal) nodeLocal = true;
      else if (d.nodeSelector) {
        selectors.add(JSON.stringify(d.nodeSelector));
        selector = d.nodeSelector;
      }
    }
    for (const c of alt.cls.spec.config ?? []) {
      classConfig.push({ source: 'FromClass', requests: [alt.resultName], ...(c.opaque ? { opaque: c.opaque } : {}) });
    }
  });
  const claimConfig: Config[] = (claim.spec.devices?.config ?? []).map((c) => ({
    source: 'FromClaim',
    ...(c.requests?.length ? { requests: c.requests } : {}),
    ...(c.opaque ? { opaque: c.opaque } : {}),
  }));
  const config = [...classConfig, ...claimConfig];
  const allocation: ClaimAllocation = { devices: { results, ...(config.length ? { config } : {}) } };
  // Devices reachable through different selectors: only this node is known to reach all.
  if (nodeLocal || selectors.size > 1) allocation.nodeSelector = nodeNameSelector(nodeName);
  else if (selector) allocation.nodeSelector = selector;
  return allocation;
}
