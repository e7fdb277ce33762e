/**
 * Who holds each GPU. Two ways in, as the node agent hands them out (pods/gpu-devices.ts):
 * - DRA: a ResourceClaim's status.allocation names driver/pool/device; the pods in its
 *   status.reservedFor use it (an allocated claim nobody reserves still holds the device);
 * - classic `nvidia.com/gpu` limits: the agent records the UUIDs it picked in the pod's
 *   `skiff.dev/gpus` annotation, `{"<container>": ["GPU-…"]}`.
 * Finished pods hold nothing: the agent and the scheduler both free their GPUs.
 */
import type { Loose } from '../describe/format.ts';
import type { GpuSnapshot } from './snapshot.ts';
import { recordedGpus } from '@skiff/api';
import { GPU_DRIVER } from './refs.ts';

export interface Holder {
  /** `ns/name` of the pod, absent when an allocated claim is reserved for no pod. */
  pod?: string;
  /** `ns/name` of the claim, for DRA. */
  claim?: string;
  via: 'claim' | 'nvidia.com/gpu';
}

export interface Holders {
  /** By `<pool>/<device>` of driver gpu.nvidia.com. */
  byDevice: Map<string, Holder[]>;
  /** By GPU UUID (classic picks). */
  byUuid: Map<string, Holder[]>;
}

export const isFinished = (pod: Loose): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

const nsName = (o: Loose): string => `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name ?? ''}`;

function push(m: Map<string, Holder[]>, key: string, h: Holder): void {
  const list = m.get(key) ?? [];
  list.push(h);
  m.set(key, list);
}

export function findHolders(s: GpuSnapshot): Holders {
  const out: Holders = { byDevice: new Map(), byUuid: new Map() };
  const live = new Map(s.pods.filter((p) => !isFinished(p)).map((p) => [p.metadata?.uid, p]));
  for (const claim of s.claims) {
    const results: Loose[] = claim.status?.allocation?.devices?.results ?? [];
    const consumers = (claim.status?.reservedFor ?? []).filter((r: Loose) => r.resource === 'pods');
    const pods = consumers.map((r: Loose) => live.get(r.uid)).filter((p: Loose) => p !== undefined);
    // reservedFor names a pod that finished: the claim is on its way to being freed, not held.
    if (consumers.length > 0 && pods.length === 0) continue;
    for (const r of results) {
      if (r.driver !== GPU_DRIVER) continue;
      const key = `${r.pool}/${r.device}`;
      if (!pods.length) push(out.byDevice, key, { claim: nsName(claim), via: 'claim' });
      for (const p of pods) push(out.byDevice, key, { pod: nsName(p), claim: nsName(claim), via: 'claim' });
    }
  }
  for (const p of live.values()) for (const uuid of recordedGpus(p)) push(out.byUuid, uuid, { pod: nsName(p), via: 'nvidia.com/gpu' });
  return out;
}

/** `pod ns/x (claim y)`, `pod ns/x (nvidia.com/gpu)`, or `claim ns/y (no pod)`. */
export function holderText(h: Holder): string {
  if (h.via === 'nvidia.com/gpu') return `pod ${h.pod} (nvidia.com/gpu)`;
  const claimName = h.claim?.split('/')[1] ?? '';
  return h.pod ? `pod ${h.pod} (claim ${claimName})` : `claim ${h.claim} (no pod)`;
}
