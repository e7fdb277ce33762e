/**
 * What `skiff why` reads, once per run: the GPU snapshot (nodes, slices, claims, pods), the
 * DeviceClasses, and the events of the object asked about. Small clusters are the target,
 * so whole lists are cheaper and simpler than guessing which objects matter.
 */
import type { RestClient } from '@skiff/client';
import { fetchEvents } from '../describe/events.ts';
import type { Loose } from '../describe/format.ts';
import { DEVICE_CLASSES } from '../gpus/refs.ts';
import { fetchGpuSnapshot, type GpuSnapshot } from '../gpus/snapshot.ts';

export interface WhyFacts extends GpuSnapshot {
  deviceClasses: Set<string>;
  /** Events of one object, newest first. */
  events(obj: Loose): Promise<Loose[]>;
}

const lastSeen = (e: Loose): number => new Date(e.lastTimestamp ?? e.series?.lastObservedTime ?? e.eventTime ?? 0).getTime();

export async function gatherFacts(client: RestClient): Promise<WhyFacts> {
  const [snap, classes] = await Promise.all([fetchGpuSnapshot(client), client.listAll(DEVICE_CLASSES).catch(() => ({ items: [] }))]);
  return {
    ...snap,
    deviceClasses: new Set(classes.items.map((c) => c.metadata.name ?? '')),
    events: async (obj) => (await fetchEvents(client, obj)).sort((a, b) => lastSeen(b) - lastSeen(a)),
  };
}

export const nodeReady = (node: Loose | undefined): boolean => (node?.status?.conditions ?? []).some((c: Loose) => c.type === 'Ready' && c.status === 'True');

/** `KubeletNotReady: container runtime is down`, or `no status from the node` when it never reported. */
export function notReadyText(node: Loose): string {
  const c = (node.status?.conditions ?? []).find((x: Loose) => x.type === 'Ready');
  if (!c) return 'no status from the node';
  return [c.status === 'Unknown' ? 'status Unknown' : c.reason, c.message].filter(Boolean).join(': ');
}
