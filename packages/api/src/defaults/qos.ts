/**
 * Pod QoS class as upstream computes it (pkg/apis/core/helper/qos): only cpu and memory
 * count; requests default to limits; Guaranteed needs limits == requests for both in every
 * container, BestEffort means no requests or limits at all.
 */
import type { PodSpec } from '../kinds/pod.ts';
import { compareQuantities, isValidQuantity } from '../quantity.ts';

const QOS_RESOURCES = ['cpu', 'memory'];

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

function isZero(q: string): boolean {
  return isValidQuantity(q) && compareQuantities(q, '0') === 0;
}

export function computeQOSClass(spec: PodSpec | undefined): QOSClass {
  const containers = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    for (const r of QOS_RESOURCES) {
      const req = requests[r];
      const lim = limits[r];
      if ((req !== undefined && !isZero(String(req))) || (lim !== undefined && !isZero(String(lim)))) any = true;
      if (lim === undefined || isZero(String(lim))) {
        guaranteed = false;
        continue;
      }
      if (req !== undefined && isValidQuantity(req) && isValidQuantity(lim) && compareQuantities(req, lim) !== 0) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
