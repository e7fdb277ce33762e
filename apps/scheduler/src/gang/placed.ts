/** How many of a gang's members the scheduler cache already counts (bound or assumed). */
import type { Ctx } from '../context.ts';

export function placedMembers(ctx: Ctx, gangKey: string): number {
  let n = 0;
  for (const key of ctx.gangs.members(gangKey).keys()) if (ctx.cache.podNode(key) !== undefined) n++;
  return n;
}
