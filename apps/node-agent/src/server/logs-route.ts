/**
 * GET /containerLogs/{namespace}/{pod}/{container}: the container's output as text/plain,
 * kept open with `follow` until the container stops or the client goes away. Parameters
 * as the api-server passes them on: follow, previous, timestamps, tailLines, sinceSeconds,
 * sinceTime, limitBytes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { LogOptions, LogSource } from '../runtime/logs.ts';
import type { ContainerRuntime } from '../runtime/runtime.ts';
import { findContainer, type ContainerRef } from './containers.ts';
import { AgentError } from './errors.ts';
import { count, flag, type Query } from './query.ts';

export interface LogsDeps {
  runtime: ContainerRuntime;
  nodeName: string;
  logs: LogSource;
}

export function logOptions(q: Query, now = Date.now()): LogOptions {
  try {
    const since = count(q, 'sinceSeconds');
    const sinceTime = q.get('sinceTime');
    const sinceMs = since !== undefined ? now - since * 1000 : sinceTime ? Date.parse(sinceTime) : undefined;
    if (sinceMs !== undefined && Number.isNaN(sinceMs)) throw new RangeError(`sinceTime must be RFC 3339, not ${JSON.stringify(sinceTime)}`);
    return { follow: flag(q, 'follow'), timestamps: flag(q, 'timestamps'), tailLines: count(q, 'tailLines'), sinceUnix: sinceMs === undefined ? undefined : Math.floor(sinceMs / 1000) };
  } catch (e) {
    throw new AgentError(400, 'BadRequest', (e as Error).message);
  }
}

/** Passes at most `limit` bytes, then ends the stream (and so the engine's log request). */
function limitBytes(limit: number): Transform {
  let left = limit;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (left <= 0) return done();
      const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
      left -= part.length;
      this.push(part);
      if (left <= 0) this.push(null);
      done();
    },
  });
}

export async function serveLogs(d: LogsDeps, ref: ContainerRef, q: Query, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const opts = logOptions(q);
  const limit = (() => {
    try {
      return count(q, 'limitBytes');
    } catch (e) {
      throw new AgentError(400, 'BadRequest', (e as Error).message);
    }
  })();
  const c = await findContainer(d.runtime, d.nodeName, ref, flag(q, 'previous'));
  const source = await d.logs(c.id, opts);
  res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  res.flushHeaders();
  req.on('close', () => source.destroy());
  const steps = limit !== undefined ? [source, limitBytes(limit), res] as const : [source, res] as const;
  // A client closing `logs -f` ends the pipeline with an error: nothing to report.
  await (pipeline as (...s: unknown[]) => Promise<void>)(...steps).catch(() => undefined);
  source.destroy();
}
