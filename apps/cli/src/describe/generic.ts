/**
 * The fallback for kinds without a dedicated describer (kubectl's GenericDescriberFor):
 * Name/Namespace/Labels/Annotations, then every other top-level field as indented
 * `Key:  value` text, nested maps one level deeper and lists item by item.
 */
import type { PrefixWriter } from '../printers/go-tabwriter.ts';
import { annotationsMultiline, labelsMultiline, type Loose } from './format.ts';

const SKIP = new Set(['metadata']);

function title(k: string): string {
  // kubectl's smartLabelFor: camelCase → "Camel Case", keeping known acronyms whole.
  const words = k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
  return words.map((w) => (['Api', 'Id', 'Ip', 'Uid', 'Url', 'Dns', 'Cidr'].includes(w) ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1))).join(' ');
}

function scalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function field(w: PrefixWriter, level: number, key: string, v: Loose): void {
  if (scalar(v)) return w.write(level, `${key}:\t${v ?? '<nil>'}\n`);
  if (Array.isArray(v)) {
    w.write(level, `${key}:\n`);
    for (const item of v) {
      if (scalar(item)) w.write(level + 1, `${item}\n`);
      else {
        const entries = Object.entries(item);
        entries.forEach(([k2, v2], i) => field(w, level + 1, `${i === 0 ? '' : ''}${title(k2)}`, v2));
      }
    }
    return;
  }
  w.write(level, `${key}:\n`);
  for (const [k2, v2] of Object.entries(v)) field(w, level + 1, title(k2), v2);
}

export function describeGeneric(w: PrefixWriter, obj: Loose): void {
  const m = obj.metadata ?? {};
  w.write(0, `Name:\t${m.name}\n`);
  if (m.namespace) w.write(0, `Namespace:\t${m.namespace}\n`);
  labelsMultiline(w, 'Labels', m.labels);
  annotationsMultiline(w, 'Annotations', m.annotations);
  for (const [k, v] of Object.entries(obj)) {
    if (SKIP.has(k)) continue;
    field(w, 0, title(k), v);
  }
}
