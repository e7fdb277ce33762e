/** What every handler needs, passed explicitly (no globals) so tests can build their own. */
import type { Store } from '@skiff/storage';
import type { Logger } from '@skiff/logging';
import type { ContinueTokens } from './routes/resources/continue-tokens.ts';
import type { Metrics } from './plugins/metrics.ts';

export interface ServerContext {
  store: Store;
  log: Logger;
  now: () => number;
  continueTokens: ContinueTokens;
  metrics: Metrics;
  /** Interval between watch BOOKMARK events when a client allows them. */
  bookmarkIntervalMs: number;
  /** Upper bound for a watch that sent no timeoutSeconds (upstream: 30–60 min). */
  maxWatchSeconds: number;
  /** Open watches, stopped when the server shuts down (streams would otherwise hold it open). */
  watches: Set<{ stop(): void }>;
}
