/**
 * core/v1 Event printer: LAST SEEN falls back to first timestamp / eventTime, series
 * override count and last-seen, OBJECT is `kind/name` lower-cased kind.
 */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { translateTimestampSince } from '../duration.ts';
import { column, nameColumn } from './common.ts';
import type { Loose } from './common.ts';

export const eventColumns: TableColumn[] = [
  column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
  column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
  column('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
  column('Object', 'string', 'The object that this event is about.'),
  column('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', 1),
  column('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
  column('Message', 'string', 'A human-readable description of the status of this operation.'),
  column('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
  column('Count', 'string', 'The number of times this event has occurred.', 1),
  { ...nameColumn(), priority: 1 },
];

function formatEventSource(e: Loose): string {
  const component = e.source?.component || e.reportingController || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

export function eventRow(obj: KubeObject, now: number): unknown[] {
  const e = obj as Loose;
  const firstSeen = e.firstTimestamp ? translateTimestampSince(e.firstTimestamp, now) : translateTimestampSince(e.eventTime, now);
  let lastSeen = e.lastTimestamp ? translateTimestampSince(e.lastTimestamp, now) : firstSeen;
  let count: number = e.count ?? 0;
  if (e.series) {
    lastSeen = translateTimestampSince(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events of the new API carry no count
  }
  const io: Loose = e.involvedObject ?? {};
  const kind = String(io.kind ?? '').toLowerCase();
  const target = io.name ? `${kind}/${io.name}` : kind;
  return [lastSeen, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', formatEventSource(e), String(e.message ?? '').trim(), firstSeen, count, obj.metadata?.name ?? ''];
}
