/**
 * @skiff/logging: one pino factory so every component logs JSON with the same fields:
 * `component` always; `controller`, `key`, `reconcileId`, `node`, `pod` where they apply.
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export interface LogOptions {
  component: string;
  level?: string;
  /** Where to write; defaults to stderr so stdout stays free for command output. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(opts: LogOptions): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? process.env['SKIFF_LOG_LEVEL'] ?? 'info',
    base: { component: opts.component },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return pino(options, (opts.destination ?? process.stderr) as pino.DestinationStream);
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(component = 'test'): Logger {
  return pino({ level: 'silent', base: { component } });
}
