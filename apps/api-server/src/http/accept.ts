/**
 * Content negotiation for the three answers kubectl asks for: a meta.k8s.io Table (get), the
 * aggregated discovery list (discovery) and plain JSON (everything else). Protobuf requests
 * (`application/vnd.kubernetes.protobuf,application/json`) fall through to JSON, as clients allow.
 */
export interface AcceptInfo {
  table: boolean;
  aggregatedDiscovery: boolean;
}

export function parseAccept(accept: string | undefined): AcceptInfo {
  if (!accept) return { table: false, aggregatedDiscovery: false };
  let table = false;
  let aggregatedDiscovery = false;
  for (const part of accept.split(',')) {
    const p = part.replace(/\s+/g, '');
    if (p.includes('as=Table') && p.includes('g=meta.k8s.io') && (p.includes('v=v1;') || p.endsWith('v=v1') || p.includes('v=v1beta1'))) table = true;
    if (p.includes('as=APIGroupDiscoveryList') && p.includes('g=apidiscovery.k8s.io') && /v=v2(;|$)/.test(p)) aggregatedDiscovery = true;
  }
  return { table, aggregatedDiscovery };
}

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
export const DISCOVERY_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
