/**
 * Shared pieces of kubectl's describe.go: labels/annotations/taints printed one per line
 * under a title, RFC1123Z times, ages. Objects are read loosely (`Loose`) because describe
 * prints whatever fields are present, for any version of a kind.
 */
import { humanDuration } from '@skiff/api';
import type { PrefixWriter } from '../printers/go-tabwriter.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** Go's time.RFC1123Z in the local zone, as kubectl prints timestamps. */
export function rfc1123z(ts: string | undefined): string {
  if (!ts) return '<unknown>';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`;
  return `${DAYS[d.getDay()]}, ${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`;
}

/** translateTimestampSince: `<unknown>` for no time. */
export function since(ts: string | undefined, now = Date.now()): string {
  if (!ts) return '<unknown>';
  return humanDuration(now - new Date(ts).getTime());
}

/** printLabelsMultiline: `Title:\tk=v`, further pairs on their own lines, `<none>` when empty. */
export function labelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, indent = ''): void {
  w.write(0, `${indent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (!keys.length) return w.write(0, '<none>\n');
  keys.forEach((k, i) => {
    if (i) w.write(0, `${indent}\t`);
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** printAnnotationsMultiline: long or multi-line values go below their key, shortened. */
export function annotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined, indent = ''): void {
  w.write(0, `${indent}${title}:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => !SKIPPED_ANNOTATIONS.has(k)).sort();
  if (!keys.length) return w.write(0, '<none>\n');
  keys.forEach((k, i) => {
    if (i) w.write(0, `${indent}\t`);
    const value = annotations![k]!.replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) {
        w.write(0, `${indent}  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s}\n`);
      }
    } else w.write(0, `${k}: ${value}\n`);
  });
}

/** printPodTolerationsMultiline / printNodeTaintsMultiline share this shape. */
export function listMultiline(w: PrefixWriter, title: string, items: string[], indent = ''): void {
  w.write(0, `${indent}${title}:\t`);
  if (!items.length) return w.write(0, '<none>\n');
  items.forEach((s, i) => {
    if (i) w.write(0, `${indent}\t`);
    w.write(0, `${s}\n`);
  });
}

export function tolerationText(t: Loose): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  if (t.operator) s += ` op=${t.operator}`;
  if (t.tolerationSeconds != null) s += ` for ${t.tolerationSeconds}s`;
  return s;
}

export function taintText(t: Loose): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

export function controllerOf(meta: Loose): Loose | undefined {
  return (meta?.ownerReferences ?? []).find((r: Loose) => r.controller);
}
