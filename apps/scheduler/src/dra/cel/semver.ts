/**
 * Semantic versions (semver.org 2.0.0) as the Kubernetes CEL library sees them: `semver('1.2.3')`
 * and `version` attributes of devices. Upstream parses strictly (blang/semver `Parse`): three
 * numeric parts without leading zeros, optional pre-release and build metadata; build metadata
 * does not take part in precedence.
 */

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export class Semver {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: readonly string[];
  readonly text: string;

  constructor(major: bigint, minor: bigint, patch: bigint, pre: readonly string[], text: string) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.pre = pre;
    this.text = text;
  }

  compare(o: Semver): -1 | 0 | 1 {
    for (const [a, b] of [[this.major, o.major], [this.minor, o.minor], [this.patch, o.patch]] as const) {
      if (a !== b) return a < b ? -1 : 1;
    }
    return comparePre(this.pre, o.pre);
  }

  toString(): string {
    return this.text;
  }
}

/** A version or the reason it is not one (upstream: "invalid semver"). */
export function parseSemver(s: string): Semver | string {
  const m = SEMVER.exec(s);
  if (!m) return `invalid semver: ${JSON.stringify(s)}`;
  return new Semver(BigInt(m[1]!), BigInt(m[2]!), BigInt(m[3]!), m[4] ? m[4].split('.') : [], s);
}

const NUMERIC = /^\d+$/;

/** Pre-release precedence (semver 2.0 §11): no pre-release > any pre-release; numeric < alpha. */
function comparePre(a: readonly string[], b: readonly string[]): -1 | 0 | 1 {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const xn = NUMERIC.test(x);
    const yn = NUMERIC.test(y);
    if (xn && yn) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
