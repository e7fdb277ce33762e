/**
 * `skiff apply --wait`: after the objects are applied, poll each one that has a notion of
 * ready (readiness.ts) until it is, printing every new progress line on stderr as
 * `rollout status` prints its own, so stdout keeps kubectl's `created/configured` lines.
 * Polling (every 500 ms) rather than a watch: a handful of objects, and nothing to resume.
 */
import type { CommandContext } from '../context.ts';
import type { Loose } from '../describe/format.ts';
import { CliError } from '../errors.ts';
import type { Target } from '../targets.ts';
import { readinessOf } from './readiness.ts';

const POLL_MS = 500;

export async function waitForApplied(ctx: CommandContext, targets: readonly Target[], timeoutMs: number): Promise<void> {
  const client = ctx.connection().client;
  const deadline = Date.now() + timeoutMs;
  for (const t of targets) {
    let last = '';
    for (;;) {
      const obj = (await client.get(t.resource as never, t.name, { namespace: t.namespace })) as Loose;
      const r = readinessOf(t.resource.kind, obj);
      if (!r) break;
      if (r.failed) throw new CliError(`error: ${r.failed}`);
      if (r.message !== last) ctx.err(r.message);
      last = r.message;
      if (r.done) break;
      if (Date.now() >= deadline) throw new CliError(`error: timed out waiting for ${t.display}: ${last.trim()}`);
      await new Promise((res) => setTimeout(res, POLL_MS));
    }
  }
}
