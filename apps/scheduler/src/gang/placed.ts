/** How many of a gang's members the scheduler cache already counts (bound or assumed). */
import type { Ctx } from '../context.ts';
import { gangRefOf } from './gang.ts';

export function placedMembers(ctx: Ctx, gangKey: string): number {
  let n = 0;
  for (const p of ctx.cache.pods()) if (gangRefOf(p.pod)?.key === gangKey) n++;
  return n;
}
