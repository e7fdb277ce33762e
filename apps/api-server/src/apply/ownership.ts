/**
 * Field ownership for server-side apply (a compact version of upstream's structured-merge-diff):
 * each managedFields entry owns a set of leaf fields (FieldsV1). An Update that changes a field
 * takes it from whoever owned it; an Apply that sets a field another manager owns, to a
 * different value, is a conflict unless forced, and forcing takes the field over.
 */
import type { KubeObject, ManagedFieldsEntry, StatusCause } from '@skiff/api';
import type { TSchema } from '@sinclair/typebox';
import { fieldSet, type FieldsV1 } from './field-set.ts';

export type FieldPath = string[];

export function leaves(fs: FieldsV1, prefix: FieldPath = [], out: FieldPath[] = []): FieldPath[] {
  for (const [k, v] of Object.entries(fs)) {
    if (k === '.') {
      out.push(prefix);
      continue;
    }
    const p = [...prefix, k];
    if (Object.keys(v).length === 0) out.push(p);
    else leaves(v, p, out);
  }
  return out;
}

export function fromLeaves(paths: FieldPath[]): FieldsV1 {
  const root: FieldsV1 = {};
  for (const p of paths) {
    let node = root;
    for (const k of p) node = node[k] ??= {};
  }
  return root;
}

export function valueAt(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (k.startsWith('f:')) cur = (cur as Record<string, unknown>)[k.slice(2)];
    else if (k.startsWith('k:') && Array.isArray(cur)) {
      const sel = JSON.parse(k.slice(2)) as Record<string, unknown>;
      cur = cur.find((it) => it && typeof it === 'object' && Object.entries(sel).every(([sk, sv]) => (it as Record<string, unknown>)[sk] === sv));
    } else return undefined;
  }
  return cur;
}

/** `.spec.containers[name="main"].image`, the way upstream names fields in conflicts. */
export function pathString(path: FieldPath): string {
  return path
    .map((k) => {
      if (k.startsWith('f:')) return `.${k.slice(2)}`;
      const sel = JSON.parse(k.slice(2)) as Record<string, unknown>;
      return `[${Object.entries(sel).map(([a, b]) => `${a}=${JSON.stringify(b)}`).join(',')}]`;
    })
    .join('');
}

const key = (p: FieldPath): string => p.join('\u0000');
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function without(entry: ManagedFieldsEntry, drop: Set<string>): ManagedFieldsEntry | undefined {
  const kept = leaves((entry.fieldsV1 ?? {}) as FieldsV1).filter((p) => !drop.has(key(p)));
  return kept.length === 0 ? undefined : { ...entry, fieldsV1: fromLeaves(kept) };
}

export interface Conflict {
  manager: string;
  apiVersion: string;
  path: FieldPath;
}

/** Fields the applier sets to a value other than the current one while another manager owns them. */
export function applyConflicts(current: KubeObject, applied: KubeObject, intent: FieldsV1, applier: string): Conflict[] {
  const out: Conflict[] = [];
  const mine = leaves(intent);
  for (const e of current.metadata.managedFields ?? []) {
    if (e.manager === applier && e.operation === 'Apply') continue;
    const owned = new Set(leaves((e.fieldsV1 ?? {}) as FieldsV1).map(key));
    for (const p of mine) {
      if (owned.has(key(p)) && !same(valueAt(current, p), valueAt(applied, p))) out.push({ manager: e.manager ?? '', apiVersion: e.apiVersion ?? current.apiVersion, path: p });
    }
  }
  return out;
}

export function conflictCauses(conflicts: Conflict[]): { message: string; causes: StatusCause[] } {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict' as const, message: `conflict with "${c.manager}" using ${c.apiVersion}`, field: pathString(c.path) }));
  const list = conflicts.map((c) => `conflict with "${c.manager}" using ${c.apiVersion}: ${pathString(c.path)}`).join('\n- ');
  const n = conflicts.length;
  return { message: `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${n === 1 ? list : '\n- ' + list}`, causes };
}

/** After a forced apply: the applier's fields leave every other manager. */
export function takeOver(entries: ManagedFieldsEntry[], intent: FieldsV1, applier: string): ManagedFieldsEntry[] {
  const drop = new Set(leaves(intent).map(key));
  const out: ManagedFieldsEntry[] = [];
  for (const e of entries) {
    if (e.manager === applier && e.operation === 'Apply') continue;
    const kept = without(e, drop);
    if (kept) out.push(kept);
  }
  return out;
}

/**
 * An Update by `manager`: the fields it changed become its own and leave everyone else.
 * Tracked only on objects someone manages with apply, where ownership can matter (upstream
 * tracks every object; the cost is a walk of the object per write).
 */
export function recordUpdate(old: KubeObject, next: KubeObject, schema: TSchema, manager: string, time: string, subresource?: string): void {
  const entries = next.metadata.managedFields ?? [];
  if (!entries.some((e) => e.operation === 'Apply')) return;
  const changed = leaves(fieldSet(next, schema)).filter((p) => !same(valueAt(old, p), valueAt(next, p)) && p[0] !== 'f:metadata' && p[0] !== 'f:status');
  if (changed.length === 0) return;
  const drop = new Set(changed.map(key));
  const kept: ManagedFieldsEntry[] = [];
  let mine: ManagedFieldsEntry | undefined;
  for (const e of entries) {
    if (e.manager === manager && e.operation === 'Update' && (e.subresource ?? '') === (subresource ?? '')) mine = e;
    else {
      const k = without(e, drop);
      if (k) kept.push(k);
    }
  }
  const owned = [...leaves((mine?.fieldsV1 ?? {}) as FieldsV1), ...changed];
  kept.push({ manager, operation: 'Update', apiVersion: next.apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: fromLeaves(owned), ...(subresource ? { subresource } : {}) });
  next.metadata.managedFields = kept;
}
