/**
 * The parser of kubectl's JSONPath *template* dialect (client-go util/jsonpath/parser.go),
 * ported rather than taken from an npm JSONPath library: kubectl's dialect is a text template,
 * not plain JSONPath. Text outside `{}` is printed as is, `{range …}…{end}` loops, `{"\n"}`
 * is a quoted literal, `@`/`$` are skipped rather than meaning "root", `'key'` in brackets is
 * a field, and errors carry client-go's wording. jsonpath-plus and friends share only the
 * path syntax inside one pair of braces, so a wrapper would re-implement most of this anyway.
 */
import { unquoteGo } from './unquote.ts';

export interface Param {
  value: number;
  known: boolean;
  /** `[3]` is `[3:4]`: the end was derived from the start (negative indexes wrap). */
  derived: boolean;
}

export type Node =
  | ListNode
  | { type: 'text'; text: string }
  | { type: 'field'; name: string }
  | { type: 'array'; params: [Param, Param, Param] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'int' | 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] }
  | { type: 'identifier'; name: string };

export interface ListNode {
  type: 'list';
  nodes: Node[];
}

const newList = (): ListNode => ({ type: 'list', nodes: [] });
const isSpace = (r: string): boolean => r === ' ' || r === '\t';
const isEndOfLine = (r: string): boolean => r === '\r' || r === '\n';
const isAlphaNumeric = (r: string): boolean => r === '_' || /^[\p{L}\p{Nd}]$/u.test(r);
const isDigit = (r: string): boolean => /^\p{Nd}$/u.test(r);
/** '' stands for end of input, as Go's eof rune. */
const isTerminator = (r: string): boolean => r === '' || isSpace(r) || isEndOfLine(r) || '.,[]$@{}'.includes(r);

const SLICE = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
const DICT_KEY = /^'([^']*)'$/;
const FILTER = /^([^!<>=]+)([!<>=~]+)(.+?)$/s;

export class JsonPathSyntaxError extends Error {}

class Parser {
  readonly root: ListNode = newList();
  readonly #input: string;
  #pos = 0;
  #start = 0;

  constructor(input: string) {
    this.#input = input;
  }

  #next(): string {
    if (this.#pos >= this.#input.length) return '';
    return this.#input[this.#pos++]!;
  }

  #backup(): void {
    this.#pos--;
  }

  #peek(): string {
    return this.#input[this.#pos] ?? '';
  }

  #consume(): string {
    const v = this.#input.slice(this.#start, this.#pos);
    this.#start = this.#pos;
    return v;
  }

  #rest(): string {
    return this.#input.slice(this.#pos);
  }

  parseText(): void {
    for (;;) {
      if (this.#rest().startsWith('{')) {
        if (this.#pos > this.#start) this.root.nodes.push({ type: 'text', text: this.#consume() });
        this.#pos += 1;
        this.#consume();
        const action = newList();
        this.root.nodes.push(action);
        this.#insideAction(action);
        continue;
      }
      if (this.#next() === '') break;
    }
    if (this.#pos > this.#start) this.root.nodes.push({ type: 'text', text: this.#consume() });
  }

  /** One action up to its `}` (iterative where Go recurses once per token). */
  #insideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.#rest();
      if (rest.startsWith('}')) {
        this.#pos += 1;
        this.#consume();
        return;
      }
      if (rest.startsWith('[?(')) {
        this.#filter(cur);
        continue;
      }
      if (rest.startsWith('..')) {
        this.#recursive(cur);
        continue;
      }
      const r = this.#next();
      if (r === '' || isEndOfLine(r)) throw new JsonPathSyntaxError('unclosed action');
      if (r === ' ' || r === '@' || r === '$') this.#consume();
      else if (r === '[') this.#array(cur);
      else if (r === '"' || r === "'") this.#quote(cur, r);
      else if (r === '.') this.#field(cur);
      else if (r === '+' || r === '-' || isDigit(r)) {
        this.#backup();
        this.#number(cur);
      } else if (isAlphaNumeric(r)) {
        this.#backup();
        this.#identifier(cur);
      } else {
        const code = r.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
        throw new JsonPathSyntaxError(`unrecognized character in action: U+${code} '${r}'`);
      }
    }
  }

  #identifier(cur: ListNode): void {
    for (;;) {
      const r = this.#next();
      if (isTerminator(r)) {
        if (r !== '') this.#backup();
        break;
      }
    }
    const value = this.#consume();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
  }

  #recursive(cur: ListNode): void {
    if (cur.nodes.at(-1)?.type === 'recursive') throw new JsonPathSyntaxError('invalid multiple recursive descent');
    this.#pos += 2;
    this.#consume();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.#peek())) this.#field(cur);
  }

  #number(cur: ListNode): void {
    const first = this.#peek();
    if (first === '+' || first === '-') this.#next();
    for (;;) {
      const r = this.#next();
      if (r !== '.' && !isDigit(r)) {
        if (r !== '') this.#backup();
        break;
      }
    }
    const value = this.#consume();
    if (/^[+-]?\d+$/.test(value)) cur.nodes.push({ type: 'int', value: Number(value) });
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) cur.nodes.push({ type: 'float', value: Number(value) });
    else throw new JsonPathSyntaxError(`cannot parse number ${value}`);
  }

  #array(cur: ListNode): void {
    for (;;) {
      const r = this.#next();
      if (r === '' || r === '\n') throw new JsonPathSyntaxError('unterminated array');
      if (r === ']') break;
    }
    let text = this.#consume().slice(1, -1);
    if (text === '*') text = ':';
    const parts = text.split(',');
    if (parts.length > 1) {
      cur.nodes.push({ type: 'union', nodes: parts.map((s) => parseAction(`[${s.trim()}]`)) });
      return;
    }
    const key = DICT_KEY.exec(text);
    if (key) {
      cur.nodes.push(...parseAction(`.${key[1]}`).nodes);
      return;
    }
    const m = SLICE.exec(text);
    if (!m) throw new JsonPathSyntaxError(`invalid array index ${text}`);
    const params: [Param, Param, Param] = [0, 1, 2].map(() => ({ value: 0, known: false, derived: false })) as [Param, Param, Param];
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? '';
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') continue;
        if (!/^[+-]?\d+$/.test(v)) throw new JsonPathSyntaxError(`array index ${v} is not a number`);
        params[i] = { value: Number(v), known: true, derived: false };
      } else if (i === 1) {
        params[1] = { value: params[0].value + 1, known: true, derived: true };
      }
    }
    cur.nodes.push({ type: 'array', params });
  }

  #filter(cur: ListNode): void {
    this.#pos += 3;
    this.#consume();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.#next();
      if (r === '' || r === '\n') throw new JsonPathSyntaxError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.#input[this.#pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')' && begin === end) break;
    }
    if (this.#next() !== ']') throw new JsonPathSyntaxError('unclosed array expect ]');
    const text = this.#consume().slice(0, -2);
    const m = FILTER.exec(text);
    if (!m) cur.nodes.push({ type: 'filter', left: parseAction(text), right: newList(), operator: 'exists' });
    else cur.nodes.push({ type: 'filter', left: parseAction(m[1]!), right: parseAction(m[3]!), operator: m[2]! });
  }

  #quote(cur: ListNode, quote: string): void {
    for (;;) {
      const r = this.#next();
      if (r === '' || r === '\n') throw new JsonPathSyntaxError('unterminated quoted string');
      if (r === quote && this.#input[this.#pos - 2] !== '\\') break;
    }
    const value = this.#consume();
    try {
      cur.nodes.push({ type: 'text', text: unquoteGo(value) });
    } catch (e) {
      throw new JsonPathSyntaxError(`unquote string ${value} error ${(e as Error).message}`);
    }
  }

  #field(cur: ListNode): void {
    this.#consume();
    for (;;) {
      const r = this.#next();
      if (r === '\\') this.#next();
      else if (isTerminator(r)) {
        if (r !== '') this.#backup();
        break;
      }
    }
    const value = this.#consume();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', name: value.replaceAll('\\', '') });
  }
}

/** Parse a whole template: text and `{actions}`. */
export function parseTemplate(text: string): ListNode {
  const p = new Parser(text);
  p.parseText();
  return p.root;
}

/** Parse the inside of one action (filter operands, union members). */
function parseAction(text: string): ListNode {
  return parseTemplate(`{${text}}`).nodes[0] as ListNode;
}
