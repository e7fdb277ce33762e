/**
 * What `skiff why` says: one verdict per object. `kind` is the class of cause (the blog post
 * in users.md P2 shows one "Insufficient" line hiding four causes, each with its own fix), the
 * headline is the one sentence a user needs, details name the concrete nodes, GPUs and pods,
 * and the fix says what to do.
 */
export type VerdictKind =
  | 'Fine' // nothing to explain (Running, Succeeded, a bound claim)
  | 'NoCapacityNow' // it would fit, but what it needs is in use: wait or free something
  | 'NeverFits' // no node/device in the cluster can satisfy it as written
  | 'NodeNotReady'
  | 'ImagePull'
  | 'CrashLoop'
  | 'GangWaiting'
  | 'Starting'
  | 'Failed'
  | 'Unknown';

export interface Verdict {
  kind: VerdictKind;
  /** After `<subject> is <state>: `. */
  headline: string;
  details: string[];
  fix?: string;
}

export function verdict(kind: VerdictKind, headline: string, details: string[] = [], fix?: string): Verdict {
  return fix ? { kind, headline, details, fix } : { kind, headline, details };
}

/** `pod/x is Pending: …`, details indented, `Fix: …` last. */
export function formatVerdict(subject: string, state: string, v: Verdict): string {
  const head = v.headline ? `${subject} is ${state}: ${v.headline}` : `${subject} is ${state}`;
  const lines = [head, ...v.details.map((d) => `  ${d}`)];
  if (v.fix) lines.push(`  Fix: ${v.fix}`);
  return `${lines.join('\n')}\n`;
}

/** At most `max` lines, then `… and N more`, so a big cluster does not flood the answer. */
export function capped(lines: string[], max = 8): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max), `… and ${lines.length - max} more`];
}
