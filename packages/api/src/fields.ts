/**
 * Field selectors as apimachinery `pkg/fields/selector.go` parses them: comma = AND,
 * operators `=`, `==`, `!=`, values escaped with `\,` `\=` `\\`. Which fields exist is
 * per kind (the registry's `fields` getters) plus the universal metadata.name/namespace.
 */
import { errors } from './status.ts';
import type { KubeObject } from './meta.ts';

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export interface ParsedFieldSelector {
  requirements: FieldRequirement[];
}

export type FieldGetters = Record<string, (obj: KubeObject) => string | undefined>;

/** Fields every kind supports (DefaultClusterScopedAttr / DefaultNamespaceScopedAttr). */
export const universalFieldGetters: FieldGetters = {
  'metadata.name': (o) => o.metadata?.name ?? '',
  'metadata.namespace': (o) => o.metadata?.namespace ?? '',
};

/** Split on commas not preceded by a backslash; the escapes stay in the term. */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

// "==" is tried before "=" so it does not leave a leading "=" on the value.
const TERM_OPERATORS = ['!=', '==', '='] as const;

function splitTerm(term: string): [string, string, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new Error(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      // Go formats the rune with %v, i.e. as its code point number.
      throw new Error(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw new Error('invalid field selector: invalid escape sequence: \\');
  return out;
}

export function escapeFieldValue(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=');
}

/** fields.ParseSelector. Throws StatusError BadRequest. Terms are sorted, as upstream. */
export function parseFieldSelector(selector: string): ParsedFieldSelector {
  const parts = splitTerms(selector).sort();
  const requirements: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) throw errors.badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [field, op, rhs] = t;
    let value: string;
    try {
      value = unescapeFieldValue(rhs);
    } catch (e) {
      throw errors.badRequest((e as Error).message);
    }
    requirements.push({ field, operator: op === '!=' ? '!=' : '=', value });
  }
  return { requirements };
}

export function fieldSelectorToString(sel: ParsedFieldSelector): string {
  return sel.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
}

function getterFor(field: string, getters: FieldGetters): (obj: KubeObject) => string | undefined {
  const g = Object.hasOwn(getters, field) ? getters[field] : universalFieldGetters[field];
  if (!g) throw errors.badRequest(`field label not supported: ${field}`);
  return g;
}

/** Reject selectors naming fields the kind does not index (call before listing/watching). */
export function checkFieldSelector(sel: ParsedFieldSelector, getters: FieldGetters): void {
  for (const r of sel.requirements) getterFor(r.field, getters);
}

/** True when every requirement holds; an absent field reads as "" (as upstream's fields.Set). */
export function matchesFields(sel: ParsedFieldSelector, obj: KubeObject, getters: FieldGetters = {}): boolean {
  return sel.requirements.every((r) => {
    const v = getterFor(r.field, getters)(obj) ?? '';
    return r.operator === '=' ? v === r.value : v !== r.value;
  });
}
