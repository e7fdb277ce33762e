/**
 * QueueSort: higher priority first; then gangs by their group's creation time so a gang's
 * members stay adjacent and two gangs are always tried in the same order; then FIFO.
 */
import type { QueueSortPlugin } from '../../framework/interface.ts';
import type { QueuedPodInfo } from '../../queue/queued-pod.ts';
import { PrioritySort as NAME } from '../names.ts';

export function lessPods(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  if (a.info.priority !== b.info.priority) return a.info.priority > b.info.priority;
  const ta = a.gangTimestamp ?? a.timestamp;
  const tb = b.gangTimestamp ?? b.timestamp;
  if (ta !== tb) return ta < tb;
  if ((a.gang ?? '') !== (b.gang ?? '')) return (a.gang ?? '') < (b.gang ?? '');
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.info.key < b.info.key;
}

export class PrioritySortPlugin implements QueueSortPlugin {
  readonly name = NAME;
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    return lessPods(a, b);
  }
}
