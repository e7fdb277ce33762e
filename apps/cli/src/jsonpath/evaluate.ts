/**
 * Evaluating a parsed template against a JSON value, as client-go's JSONPath.FindResults and
 * walk do. The result is one list of values per top-level text or `{action}` (a "block");
 * `{range X}…{end}` repeats its inner blocks once per value of X, with that value as the data.
 * Where Go iterates a map in random order (`*`, `..`), keys are taken sorted so output is stable.
 */
import { compare, goSprint, goType, isMap, type Json } from './go-values.ts';
import type { ListNode, Node, Param } from './parser.ts';

export interface EvalOptions {
  /** kubectl's --allow-missing-template-keys (default true): a missing field yields nothing. */
  allowMissingKeys: boolean;
}

const hasIdentifier = (n: Node, name: string): boolean =>
  n.type === 'list' && n.nodes.some((c) => c.type === 'identifier' && c.name === name);

/** Index of the `{end}` closing the range that starts at `from` (or the end of the template). */
function matchingEnd(nodes: Node[], from: number): number {
  let depth = 0;
  for (let i = from; i < nodes.length; i++) {
    if (hasIdentifier(nodes[i]!, 'range')) depth++;
    else if (hasIdentifier(nodes[i]!, 'end') && --depth === 0) return i;
  }
  return nodes.length;
}

export function findResults(nodes: Node[], data: unknown, o: EvalOptions): unknown[][] {
  const blocks: unknown[][] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (hasIdentifier(node, 'end')) throw new Error('not in range, nothing to end');
    if (hasIdentifier(node, 'range')) {
      const end = matchingEnd(nodes, i);
      for (const item of walk([data], node, o)) blocks.push(...findResults(nodes.slice(i + 1, end), item, o));
      i = end;
      continue;
    }
    blocks.push(walk([data], node, o));
  }
  return blocks;
}

function walk(input: unknown[], node: Node, o: EvalOptions): unknown[] {
  switch (node.type) {
    case 'list':
      return node.nodes.reduce<unknown[]>((cur, n) => walk(cur, n, o), input);
    case 'text':
      return [node.text];
    case 'int':
    case 'float':
    case 'bool':
      return input.map(() => node.value);
    case 'field':
      return field(input, node.name, o);
    case 'array':
      return input.flatMap((v) => (v === null ? [] : slice(v, node.params)));
    case 'filter':
      return input.flatMap((v) => filter(v, node.left, node.right, node.operator, o));
    case 'wildcard':
      return input.flatMap(children);
    case 'recursive':
      return recursive(input);
    case 'union':
      return node.nodes.flatMap((l) => walk(input, l, o));
    case 'identifier':
      if (node.name === 'range') return input;
      throw new Error(`unrecognized identifier ${node.name}`);
  }
}

function field(input: unknown[], name: string, o: EvalOptions): unknown[] {
  if (!input.length) return [];
  const out = input.filter(isMap).filter((m) => Object.hasOwn(m, name)).map((m) => m[name]);
  if (!out.length && !o.allowMissingKeys) throw new Error(`${name} is not found`);
  return out;
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isMap(v)) return Object.keys(v).sort().map((k) => v[k]);
  return [];
}

/** `..`: every container at or below each value, parents before children. */
function recursive(input: unknown[]): unknown[] {
  return input.flatMap((v) => {
    const kids = children(v);
    return kids.length ? [v, ...recursive(kids)] : [];
  });
}

/** `[i]`, `[a:b]`, `[a:b:step]`, `[*]` with client-go's bounds errors. */
function slice(v: unknown, node: [Param, Param, Param]): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${goType(v)} is not array or slice`);
  const [p0, p1, p2] = node.map((p) => ({ ...p }));
  const len = v.length;
  if (!p0!.known) p0!.value = 0;
  if (p0!.value < 0) p0!.value += len;
  if (!p1!.known) p1!.value = len;
  if (p1!.value < 0 || (p1!.value === 0 && p1!.derived)) p1!.value += len;
  if (p1!.value === p0!.value) return [];
  if (p0!.value >= len || p0!.value < 0) throw new Error(`array index out of bounds: index ${p0!.value}, length ${len}`);
  if (p1!.value > len || p1!.value < 0) throw new Error(`array index out of bounds: index ${p1!.value - 1}, length ${len}`);
  if (p0!.value > p1!.value) throw new Error(`starting index ${p0!.value} is greater than ending index ${p1!.value}`);
  let step = 1;
  if (p2!.known) {
    if (p2!.value <= 0) throw new Error('step must be > 0');
    step = p2!.value;
  }
  const part = v.slice(p0!.value, p1!.value);
  return part.filter((_, i) => i % step === 0);
}

function one(values: unknown[]): unknown {
  if (values.length > 1) throw new Error('can only compare one element at a time');
  return values[0];
}

/** `[?(@.x)]` keeps items where x exists; `[?(@.x OP y)]` compares one value with one value. */
function filter(v: unknown, left: ListNode, right: ListNode, op: string, o: EvalOptions): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${goSprint(v)} is not array or slice and cannot be filtered`);
  return v.filter((item: Json) => {
    if (op === 'exists') {
      try {
        return walk([item], left, o).length > 0;
      } catch {
        return false;
      }
    }
    const lefts = walk([item], left, o);
    if (!lefts.length) return false;
    const l = one(lefts);
    const rights = walk([item], right, o);
    if (!rights.length) return false;
    const r = one(rights);
    const isFloat = (list: ListNode): boolean => list.nodes.at(-1)?.type === 'float';
    return compare(op, { value: l, float: isFloat(left) }, { value: r, float: isFloat(right) });
  });
}
