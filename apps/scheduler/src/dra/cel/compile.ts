/**
 * Compiled device selectors. Each distinct expression is parsed, type-checked and instrumented
 * once per process; evaluating it on a device yields a value, never a throw: `true`/`false`,
 * or a reason (compile error, non-bool result, "no such key", cost limit exceeded).
 */
import { celEnvironment } from './k8s-library.ts';
import { rewriteSelector } from './rewrite.ts';
import { instrumentCost, resetCost, CostLimitExceeded } from './cost.ts';
import type { CelDevice } from './device-value.ts';

/** Upstream: CEL selector expressions are at most 10 KiB. */
export const MAX_EXPRESSION_LENGTH = 10 * 1024;

export type SelectorResult = boolean | { error: string };

export interface CompiledSelector {
  readonly expression: string;
  /** Set when the expression cannot be used at all (compile error, wrong type, runaway). */
  readonly error: string | undefined;
  evaluate(device: CelDevice): SelectorResult;
}

const cache = new Map<string, CompiledSelector>();

export function compileSelector(expression: string): CompiledSelector {
  let c = cache.get(expression);
  if (!c) {
    c = compile(expression);
    if (cache.size > 10_000) cache.clear(); // selectors come from classes and claims: few distinct
    cache.set(expression, c);
  }
  return c;
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return (msg.split('\n')[0] ?? msg).trim();
}

function broken(expression: string, error: string): CompiledSelector {
  return { expression, error, evaluate: () => ({ error }) };
}

function compile(expression: string): CompiledSelector {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    return broken(expression, `compilation failed: expression is longer than ${MAX_EXPRESSION_LENGTH} bytes`);
  }
  let program: ((ctx: { device: CelDevice }) => unknown) & { check(): { valid: boolean; type?: string; error?: unknown }; ast: unknown };
  try {
    program = celEnvironment().parse(rewriteSelector(expression)) as typeof program;
  } catch (e) {
    return broken(expression, `compilation failed: ${firstLine(e)}`);
  }
  const checked = program.check();
  if (!checked.valid) return broken(expression, `compilation failed: ${firstLine(checked.error)}`);
  if (checked.type !== 'bool' && checked.type !== 'dyn') {
    return broken(expression, `must evaluate to bool, not ${checked.type}`);
  }
  instrumentCost(program.ast);

  const selector = {
    expression,
    error: undefined as string | undefined,
    evaluate(device: CelDevice): SelectorResult {
      if (selector.error !== undefined) return { error: selector.error };
      resetCost();
      try {
        const v = program({ device });
        if (typeof v === 'boolean') return v;
        return { error: `must evaluate to bool, got ${typeof v === 'object' && v !== null ? v.constructor.name : typeof v}` };
      } catch (e) {
        // A runaway expression would cost as much on every other device: fail it once for all.
        if (e instanceof CostLimitExceeded) selector.error = e.message;
        return { error: firstLine(e) };
      }
    },
  };
  return selector;
}
