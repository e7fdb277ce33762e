/**
 * Label selectors as apimachinery `pkg/labels/selector.go` parses, prints and matches them,
 * plus the structured `{matchLabels, matchExpressions}` form (metav1.LabelSelectorAsSelector)
 * and label/annotation validation. Error texts are upstream's: clients show them verbatim.
 */
import { cause, errors } from './status.ts';
import type { StatusCause } from './status.ts';
import { byteLength, isQualifiedName, isValidLabelValue } from './names.ts';

/** selection.Operator spellings. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/** A parsed selector. `nothing` is labels.Nothing() (a nil structured selector): matches no object. */
export interface ParsedLabelSelector {
  requirements: LabelRequirement[];
  nothing?: boolean;
}

/** metav1.LabelSelector as it appears in specs (structurally the kinds' LabelSelector). */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | null }> | null;
}

export const everything = (): ParsedLabelSelector => ({ requirements: [] });
export const nothing = (): ParsedLabelSelector => ({ requirements: [], nothing: true });

function aggregate(msgs: string[]): string {
  return msgs.length === 1 ? (msgs[0] ?? '') : `[${msgs.join(', ')}]`;
}

/** `field.Invalid(path, v, msg).Error()`; a nil path prints as `<nil>` upstream. */
function invalidText(path: string, value: string, msg: string): string {
  return `${path}: Invalid value: ${JSON.stringify(value)}: ${msg}`;
}

/** labels.NewRequirement validation; returns the error text or undefined. */
export function requirementError(key: string, op: LabelOperator, values: string[], keyPath = 'key'): string | undefined {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(invalidText(keyPath, key, keyErrs.join('; ')));
  const fmtVals = `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
  switch (op) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(`values: Invalid value: ${fmtVals}: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(`values: Invalid value: ${fmtVals}: exact-match compatibility requires one single value`);
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push(`values: Invalid value: ${fmtVals}: values set must be empty for exists and does not exist`);
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push(`values: Invalid value: ${fmtVals}: for 'Gt', 'Lt' operators, exactly one value is required`);
      for (const v of values) {
        if (!/^[+-]?\d+$/.test(v)) errs.push(`values: Invalid value: ${fmtVals}: for 'Gt', 'Lt' operators, the value must be an integer`);
      }
      break;
  }
  values.forEach((v, i) => {
    const ve = isValidLabelValue(v);
    if (ve.length) errs.push(invalidText(`values[${i}][${key}]`, v, ve.join('; ')));
  });
  return errs.length ? aggregate(errs) : undefined;
}

/** Upstream's ByKey sort (insertion sort for small n, so stable). */
function sortByKey(reqs: LabelRequirement[]): LabelRequirement[] {
  return [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// ---- lexer (selector.go Lexer): identifiers run until whitespace or a special symbol ----

type Tok = 'err' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';
const KEYWORDS: Record<string, Tok> = {
  ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(',
};
const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);

function lex(s: string): Array<[Tok, string]> {
  const out: Array<[Tok, string]> = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos] as string)) pos++;
    if (pos >= s.length) {
      out.push(['eos', '']);
      return out;
    }
    const ch = s[pos] as string;
    if (isSpecial(ch)) {
      // Longest run of special symbols that is still a known token ("!=" over "!").
      let buf = '';
      let last: [Tok, string] | undefined;
      while (pos < s.length && isSpecial(s[pos] as string)) {
        buf += s[pos];
        const t = Object.hasOwn(KEYWORDS, buf) ? KEYWORDS[buf] : undefined;
        if (t) last = [t, buf];
        else if (last) break;
        pos++;
      }
      out.push(last ?? ['err', `error expected: keyword found '${buf}'`]);
    } else {
      let buf = '';
      while (pos < s.length && !isSpecial(s[pos] as string) && !isWhitespace(s[pos] as string)) buf += s[pos++];
      const kw = buf === 'in' || buf === 'notin' ? (buf as Tok) : undefined;
      out.push([kw ?? 'id', buf]);
    }
  }
}

const BINARY_OPS = 'in, notin, =, ==, !=, gt, lt';

class SelectorParser {
  private items: Array<[Tok, string]>;
  private pos = 0;
  constructor(s: string) {
    this.items = lex(s);
  }
  /** In the "Values" context the keywords in/notin are plain identifiers. */
  private look(values = true): [Tok, string] {
    const [t, l] = this.items[this.pos] ?? ['eos', ''];
    return values && (t === 'in' || t === 'notin') ? ['id', l] : [t, l];
  }
  private next(values = true): [Tok, string] {
    const r = this.look(values);
    if (this.pos < this.items.length - 1) this.pos++;
    return r;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const [tok, lit] = this.look();
      if (tok === 'id' || tok === '!') {
        let r: LabelRequirement;
        try {
          r = this.requirement();
        } catch (e) {
          throw new Error(`unable to parse requirement: ${(e as Error).message}`);
        }
        reqs.push(r);
        const [t, l] = this.next();
        if (t === 'eos') return reqs;
        if (t === ',') {
          const [t2, l2] = this.look();
          if (t2 !== 'id' && t2 !== '!') throw new Error(`found '${l2}', expected: identifier after ','`);
        } else {
          throw new Error(`found '${l}', expected: ',' or 'end of string'`);
        }
      } else if (tok === 'eos') {
        return reqs;
      } else {
        throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private requirement(): LabelRequirement {
    let op: LabelOperator | undefined;
    let [tok, key] = this.next();
    if (tok === '!') {
      op = '!';
      [tok, key] = this.next();
    }
    if (tok !== 'id') throw new Error(`found '${key}', expected: identifier`);
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new Error(invalidText('<nil>', key, keyErrs.join('; ')));
    const [after] = this.look();
    if (after === 'eos' || after === ',') op ??= 'exists';
    if (op === 'exists' || op === '!') return this.build(key, op, []);
    const [otok, olit] = this.next(false);
    const opMap: Partial<Record<Tok, LabelOperator>> = { in: 'in', '=': '=', '==': '==', '>': 'gt', '<': 'lt', notin: 'notin', '!=': '!=' };
    op = opMap[otok];
    if (!op) throw new Error(`found '${olit}', expected: ${BINARY_OPS}`);
    const values = op === 'in' || op === 'notin' ? this.setValues() : this.exactValue();
    return this.build(key, op, values);
  }

  private build(key: string, op: LabelOperator, values: string[]): LabelRequirement {
    const err = requirementError(key, op, values);
    if (err) throw new Error(err);
    return { key, operator: op, values };
  }

  private setValues(): string[] {
    const [tok, lit] = this.next();
    if (tok !== '(') throw new Error(`found '${lit}' expected: '('`);
    const [t2, l2] = this.look();
    if (t2 === ')') {
      this.next();
      return [''];
    }
    if (t2 !== 'id' && t2 !== ',') throw new Error(`found '${l2}', expected: ',', ')' or identifier`);
    const set = new Set<string>();
    for (;;) {
      const [t, l] = this.next();
      if (t === 'id') {
        set.add(l);
        const [t3, l3] = this.look();
        if (t3 === ',') continue;
        if (t3 === ')') break;
        throw new Error(`found '${l3}', expected: ',' or ')'`);
      } else if (t === ',') {
        // "(," ",," and ",)" each contribute the empty value, as upstream.
        if (set.size === 0) set.add('');
        const [t3] = this.look();
        if (t3 === ')') {
          set.add('');
          break;
        }
        if (t3 === ',') {
          this.next();
          set.add('');
        }
      } else {
        throw new Error(`found '${l}', expected: ',', or identifier`);
      }
    }
    const [tc] = this.next();
    if (tc !== ')') throw new Error(`found '${l2}', expected: ')'`);
    return [...set].sort();
  }

  private exactValue(): string[] {
    const [t] = this.look();
    if (t === 'eos' || t === ',') return [''];
    const [t2, l2] = this.next();
    if (t2 === 'id') return [l2];
    throw new Error(`found '${l2}', expected: identifier`);
  }
}

/** labels.Parse. Throws StatusError BadRequest with upstream's message. */
export function parseLabelSelector(s: string): ParsedLabelSelector {
  try {
    return { requirements: sortByKey(new SelectorParser(s).parse()) };
  } catch (e) {
    throw errors.badRequest((e as Error).message);
  }
}

/** metav1.LabelSelectorAsSelector: null/undefined → Nothing, empty → Everything. */
export function labelSelectorFromSpec(spec: LabelSelectorSpec | null | undefined): ParsedLabelSelector {
  if (spec == null) return nothing();
  const ml = spec.matchLabels ?? {};
  const me = spec.matchExpressions ?? [];
  if (Object.keys(ml).length + me.length === 0) return everything();
  const reqs: LabelRequirement[] = [];
  const add = (key: string, op: LabelOperator, values: string[]) => {
    const err = requirementError(key, op, values);
    if (err) throw errors.badRequest(err);
    reqs.push({ key, operator: op, values });
  };
  for (const [k, v] of Object.entries(ml)) add(k, '=', [v]);
  const ops: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };
  for (const expr of me) {
    const op = ops[expr.operator];
    if (!op) throw errors.badRequest(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    add(expr.key, op, [...(expr.values ?? [])]);
  }
  return { requirements: sortByKey(reqs) };
}

export function requirementToString(r: LabelRequirement): string {
  const prefix = r.operator === '!' ? '!' : '';
  if (r.operator === 'exists' || r.operator === '!') return prefix + r.key;
  const sep: Record<string, string> = { '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<' };
  const vals = r.values.length === 1 ? (r.values[0] ?? '') : [...r.values].sort().join(',');
  const body = r.operator === 'in' || r.operator === 'notin' ? `(${vals})` : vals;
  return `${r.key}${sep[r.operator]}${body}`;
}

/** Selector.String(): "" for Everything and Nothing. */
export function labelSelectorToString(sel: ParsedLabelSelector): string {
  return sel.nothing ? '' : sel.requirements.map(requirementToString).join(',');
}

/** metav1.FormatLabelSelector: what kubectl wide columns and Scale.status.selector show. */
export function formatLabelSelector(spec: LabelSelectorSpec | null | undefined): string {
  let s: string;
  try {
    s = labelSelectorToString(labelSelectorFromSpec(spec));
  } catch {
    return '<error>';
  }
  return s.length === 0 ? '<none>' : s;
}

/** labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty (Service SELECTOR column). */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k]}`).join(',');
}

function matchesRequirement(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const v = labels[r.key];
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(v as string);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(v as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(v as string) || r.values.length !== 1) return false;
      const lv = BigInt(v as string);
      const rv = BigInt(r.values[0] as string);
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

export function matchesLabels(sel: ParsedLabelSelector, labels: Record<string, string> | null | undefined): boolean {
  if (sel.nothing) return false;
  const l = labels ?? {};
  return sel.requirements.every((r) => matchesRequirement(r, l));
}

// ---- metadata.labels / metadata.annotations validation (meta/v1/validation, api/validation) ----

export function validateLabels(labels: Record<string, string> | null | undefined, field: string): StatusCause[] {
  const out: StatusCause[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of isQualifiedName(k)) out.push(cause.invalid(field, k, m));
    for (const m of isValidLabelValue(v)) out.push(cause.invalid(field, v, m));
  }
  return out;
}

export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

export function validateAnnotations(annotations: Record<string, string> | null | undefined, field: string): StatusCause[] {
  const out: StatusCause[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    // Annotation keys are qualified names except that case doesn't matter.
    for (const m of isQualifiedName(k.toLowerCase())) out.push(cause.invalid(field, k, m));
    total += byteLength(k) + byteLength(v);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B) out.push(cause.tooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return out;
}
