/**
 * The Events section every describe ends with: the object's events (matched on
 * involvedObject name, namespace, uid, and kind where kubectl adds it), oldest first, printed
 * as DescribeEvents does — `<none>`, or a Type/Reason/Age/From/Message table whose Age
 * reads `60s (x3 over 2m)` for repeated events.
 */
import type { RestClient } from '@skiff/client';
import type { PrefixWriter } from '../printers/go-tabwriter.ts';
import { since, type Loose } from './format.ts';

export async function fetchEvents(client: RestClient, obj: Loose, kind?: string): Promise<Loose[]> {
  const m = obj.metadata;
  const fields = [`involvedObject.name=${m.name}`, `involvedObject.namespace=${m.namespace ?? ''}`];
  if (kind) fields.push(`involvedObject.kind=${kind}`);
  fields.push(`involvedObject.uid=${m.uid}`);
  const path = m.namespace ? `/api/v1/namespaces/${m.namespace}/events` : '/api/v1/events';
  try {
    const list = await client.requestJson<Loose>(path, { query: { fieldSelector: fields.join(','), limit: 500 } });
    return list.items ?? [];
  } catch {
    return []; // kubectl describes the object even when events cannot be read
  }
}

const lastTime = (e: Loose): number => new Date(e.lastTimestamp ?? e.series?.lastObservedTime ?? e.eventTime ?? 0).getTime();

export function describeEvents(w: PrefixWriter, events: Loose[], now = Date.now()): void {
  if (!events.length) return w.write(0, 'Events:\t<none>\n');
  w.flush();
  const sorted = [...events].sort((a, b) => lastTime(a) - lastTime(b));
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let age = first;
    if (e.series) age = `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
    else if ((e.count ?? 0) > 1) age = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    const from = e.source?.component || e.reportingComponent || '';
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${age}\t${from}\t${String(e.message ?? '').trim()}\n`);
  }
}
