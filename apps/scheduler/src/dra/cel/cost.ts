/**
 * A runtime cost limit per evaluation (upstream: CEL cost limit for selectors, about 0.1 s).
 * The only loops in CEL are comprehensions (all, exists, exists_one, map, filter), so each
 * comprehension is charged the size of the range it is about to iterate, before it starts.
 * Nested comprehensions multiply, as they should; a runaway expression fails at its first
 * over-budget loop instead of running to completion.
 *
 * This reaches into the evaluator's checked AST: a comprehension node keeps its loop in
 * `handle(items, args, evaluator, ctx)` (set during type checking) and a macro call points
 * at its expansion through `meta.alternate` / `meta.macro`. The version is pinned exactly in
 * the catalog, and cost.test in cel.test.ts fails if that shape changes.
 */

/** Comprehension iterations allowed per evaluation (≈ 10 ms of the cheapest loop body). */
export const COST_LIMIT = 100_000;

export class CostLimitExceeded extends Error {}

let spent = 0;

/** Starts the budget of one evaluation (evaluations are synchronous, so one counter suffices). */
export function resetCost(): void {
  spent = 0;
}

function charge(items: unknown): void {
  const n = Array.isArray(items) ? items.length : items instanceof Map ? items.size : items && typeof items === 'object' ? Object.keys(items).length : 1;
  spent += n;
  if (spent > COST_LIMIT) {
    throw new CostLimitExceeded(`operation cancelled: actual cost limit exceeded (more than ${COST_LIMIT} iterations)`);
  }
}

interface AstLike {
  op?: string;
  args?: unknown;
  meta?: { alternate?: unknown; macro?: { callAst?: unknown; args?: unknown } };
  handle?: (items: unknown, ...rest: unknown[]) => unknown;
}

/** Instruments every comprehension of a checked AST; returns how many it found. */
export function instrumentCost(root: unknown): number {
  let found = 0;
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const ast = node as AstLike;
    if (ast.op === 'comprehension' && typeof ast.handle === 'function') {
      const loop = ast.handle;
      ast.handle = (items, ...rest) => {
        charge(items);
        return loop(items, ...rest);
      };
      found++;
    }
    visit(ast.meta?.alternate);
    visit(ast.meta?.macro?.callAst);
    visit(ast.meta?.macro?.args);
    const args = ast.args as Record<string, unknown> | unknown[] | undefined;
    if (args && typeof args === 'object' && !Array.isArray(args) && 'iterable' in args) {
      visit(args['iterable']);
      visit(args['init']);
      visit(args['step']);
    } else visit(args);
  };
  visit(root);
  return found;
}
