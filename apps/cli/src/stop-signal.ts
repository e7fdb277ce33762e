/**
 * Resolves on Ctrl-C or SIGTERM, or when the io's abort signal fires (tests): how the
 * long-running commands (`skiff up`, `port-forward`) learn to stop, as kubectl's do.
 */
import type { CommandContext } from './context.ts';

export function stopRequested(ctx: CommandContext): Promise<void> {
  return new Promise((done) => {
    const finish = (): void => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      done();
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    ctx.io.signal?.addEventListener('abort', finish, { once: true });
  });
}
