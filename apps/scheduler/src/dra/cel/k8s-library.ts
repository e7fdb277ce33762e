/**
 * The CEL environment for DRA device selectors: the variable `device` plus the Kubernetes
 * extension libraries selectors use (apiserver `pkg/cel/library`: quantity, semver, regex).
 *
 * Evaluator: @marcbachmann/cel-js. Of the three npm candidates it is the one that (a) takes
 * custom types and receiver functions through a plain registry (`registerType`,
 * `registerFunction('Quantity.compareTo(Quantity): int')`), where @bufbuild/cel wants protobuf
 * message descriptors for every custom type, and cel-js (ChromeGG) has no receiver overloads;
 * (b) implements the macros (has, all, exists, exists_one, map, filter, cel.bind) and the string
 * library (lowerAscii, upperAscii, startsWith, ...); (c) compiles once into a closure tree that
 * evaluates a typical selector in well under a microsecond. Its gaps are patched in this folder:
 * `has()` on an indexed map and RE2 `matches` (rewrite.ts), a runtime cost limit (cost.ts).
 */
import { Environment } from '@marcbachmann/cel-js';
import { RE2JS } from '@bufbuild/re2';
import { Quantity, parseQuantity, quantityError, quantityFromInt } from '@skiff/api';
import { Semver, parseSemver } from './semver.ts';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const NANO = 1_000_000_000n;

/** Errors thrown from a function become the evaluation error of that device (never escape). */
function fail(message: string): never {
  throw new Error(message);
}

function quantity(s: string): Quantity {
  const err = quantityError(s);
  return err === undefined ? parseQuantity(s) : fail(`quantity(${JSON.stringify(s)}): ${err}`);
}

function semver(s: string): Semver {
  const v = parseSemver(s);
  return typeof v === 'string' ? fail(v) : v;
}

function asInteger(q: Quantity): bigint {
  // Upstream: only exact integers that fit an int64 convert; anything else is an error.
  if (q.nanos % NANO !== 0n) return fail(`cannot convert value to integer: ${q.toString()} has a fraction`);
  const v = q.nanos / NANO;
  return v > INT64_MAX || v < INT64_MIN ? fail(`cannot convert value to integer: ${q.toString()} overflows int64`) : v;
}

// RE2 semantics (linear time, no backreferences) as upstream; JS RegExp could backtrack for
// seconds on a 64-character attribute. Compiled patterns are few (they come from selectors).
const regexCache = new Map<string, RE2JS>();
function re2Matches(s: string, pattern: string): boolean {
  let re = regexCache.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern); // throws a syntax error, which becomes the device's error
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re.test(s);
}

const cmp = (n: -1 | 0 | 1): bigint => BigInt(n);

function build(): Environment {
  return new Environment({ limits: { maxAstNodes: 2000, maxDepth: 100 } })
    .registerType('Quantity', Quantity)
    .registerType('Semver', Semver)
    .registerVariable('device', 'map')
    .registerFunction('quantity(string): Quantity', quantity)
    .registerFunction('isQuantity(string): bool', (s: string) => quantityError(s) === undefined)
    .registerFunction('Quantity.compareTo(Quantity): int', (a: Quantity, b: Quantity) => cmp(a.cmp(b)))
    .registerFunction('Quantity.isGreaterThan(Quantity): bool', (a: Quantity, b: Quantity) => a.cmp(b) > 0)
    .registerFunction('Quantity.isLessThan(Quantity): bool', (a: Quantity, b: Quantity) => a.cmp(b) < 0)
    .registerFunction('Quantity.add(Quantity): Quantity', (a: Quantity, b: Quantity) => a.add(b))
    .registerFunction('Quantity.add(int): Quantity', (a: Quantity, b: bigint) => a.add(quantityFromInt(b)))
    .registerFunction('Quantity.sub(Quantity): Quantity', (a: Quantity, b: Quantity) => a.sub(b))
    .registerFunction('Quantity.sub(int): Quantity', (a: Quantity, b: bigint) => a.sub(quantityFromInt(b)))
    .registerFunction('Quantity.sign(): int', (a: Quantity) => cmp(a.sign()))
    .registerFunction('Quantity.isInteger(): bool', (a: Quantity) => a.nanos % NANO === 0n)
    .registerFunction('Quantity.asInteger(): int', asInteger)
    .registerFunction('Quantity.asApproximateFloat(): double', (a: Quantity) => a.toNumber())
    .registerOperator('Quantity == Quantity', (a: Quantity, b: Quantity) => a.cmp(b) === 0)
    .registerFunction('semver(string): Semver', semver)
    .registerFunction('isSemver(string): bool', (s: string) => typeof parseSemver(s) !== 'string')
    .registerFunction('Semver.compareTo(Semver): int', (a: Semver, b: Semver) => cmp(a.compare(b)))
    .registerFunction('Semver.isGreaterThan(Semver): bool', (a: Semver, b: Semver) => a.compare(b) > 0)
    .registerFunction('Semver.isLessThan(Semver): bool', (a: Semver, b: Semver) => a.compare(b) < 0)
    .registerFunction('Semver.major(): int', (a: Semver) => a.major)
    .registerFunction('Semver.minor(): int', (a: Semver) => a.minor)
    .registerFunction('Semver.patch(): int', (a: Semver) => a.patch)
    .registerOperator('Semver == Semver', (a: Semver, b: Semver) => a.compare(b) === 0)
    .registerFunction('string.re2Matches(string): bool', re2Matches);
}

let env: Environment | undefined;

/** One environment per process: building it registers ~30 overloads (milliseconds). */
export function celEnvironment(): Environment {
  return (env ??= build());
}
