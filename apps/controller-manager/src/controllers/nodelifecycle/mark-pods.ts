/**
 * Upstream MarkPodsNotReady (controller/util/node): while a node is not Ready its kubelet
 * cannot be trusted to report pod readiness, so the node controller sets each pod's Ready
 * condition False (endpoints stop sending it traffic) and records Warning NodeNotReady
 * "Node is not ready" on the pod. Pods without a Ready condition, or already not ready, are
 * left alone, so this is safe to run every monitor period.
 */
import type { Pod } from '@skiff/api';
import { nowRfc3339 } from '@skiff/api';
import { isConflict, isNotFound } from '@skiff/client';
import type { EventSink } from '@skiff/controller';
import type { KubeClient } from '../../deps.ts';
import { podsRef } from '../../refs.ts';
import { about } from '../../util/events.ts';
import { isPodFinished } from '../../util/pods.ts';

export async function markPodsNotReady(client: KubeClient, events: EventSink, pods: readonly Pod[], now: number, signal: AbortSignal): Promise<void> {
  for (const pod of pods) {
    const conditions = pod.status?.conditions ?? [];
    const ready = conditions.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'False' || isPodFinished(pod)) continue;
    const next = conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' as const, lastTransitionTime: nowRfc3339(now) } : c));
    try {
      const body = { metadata: { resourceVersion: pod.metadata.resourceVersion }, status: { conditions: next } };
      await client.patch(podsRef, pod.metadata.name ?? '', 'merge', body, { namespace: pod.metadata.namespace, subresource: 'status', signal });
      events.event(about(podsRef, pod), 'Warning', 'NodeNotReady', 'Node is not ready');
    } catch (e) {
      // Gone, or changed under us (the next monitor period looks again).
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }
}
