/**
 * kubectl's flag library (pflag) accepts spellings commander does not: `-o=yaml` and
 * `--wait=false`. Rewriting them up front keeps every command definition plain commander.
 */

/** Boolean flags users write as `--flag=true|false`. */
const BOOLEAN_FLAGS = new Set([
  'wait', 'force', 'all', 'show-labels', 'watch', 'watch-only', 'all-namespaces', 'server-side', 'force-conflicts',
  'recursive', 'merge-kubeconfig', 'client', 'raw', 'minify', 'ignore-not-found', 'insecure-skip-tls-verify', 'no-headers',
]);

export function normaliseArgv(argv: string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    if (a === '--') {
      out.push(...argv.slice(argv.indexOf(a)));
      break;
    }
    // pflag's NoOptDefVal: a bare --dry-run means client, and never takes the next word.
    if (a === '--dry-run') {
      out.push('--dry-run=client');
      continue;
    }
    const short = /^-([a-zA-Z])=(.*)$/s.exec(a);
    if (short) {
      out.push(`-${short[1]}`, short[2]!);
      continue;
    }
    const long = /^--([a-z-]+)=(true|false)$/.exec(a);
    if (long && BOOLEAN_FLAGS.has(long[1]!)) {
      // Every boolean defaults to false except --wait (and rollout status's --watch), so
      // `=false` is the default or --no-wait / --no-watch.
      if (long[2] === 'true') out.push(`--${long[1]}`);
      else if (long[1] === 'wait' || long[1] === 'watch') out.push(`--no-${long[1]}`);
      continue;
    }
    out.push(a);
  }
  return out;
}

export function parseIntFlag(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new Error(`invalid argument "${v}" for "--${name}" flag: must be an integer`);
    return n;
  };
}
