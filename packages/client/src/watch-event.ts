/**
 * Watch event types and decoding, shared by the HTTP and WebSocket transports so both
 * reject the same malformed frames the same way.
 */
import type { KubeObject, Status } from '@skiff/api';
import { ApiError, failureStatus, isStatus } from './errors.ts';

export type WatchEvent<T extends KubeObject = KubeObject> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: Status };

const types = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/** Parse one frame. Anything that is not a well-formed event is an error, never dropped silently. */
export function decodeEvent<T extends KubeObject>(line: string): WatchEvent<T> {
  let ev: unknown;
  try {
    ev = JSON.parse(line);
  } catch {
    throw malformed(`not JSON: ${line.slice(0, 120)}`);
  }
  const e = ev as { type?: unknown; object?: unknown };
  if (typeof e !== 'object' || e === null || typeof e.type !== 'string' || !types.has(e.type))
    throw malformed(`unknown event type in ${line.slice(0, 120)}`);
  if (typeof e.object !== 'object' || e.object === null) throw malformed(`event without object: ${line.slice(0, 120)}`);
  if (e.type === 'ERROR' && !isStatus(e.object)) throw malformed(`ERROR event without a Status: ${line.slice(0, 120)}`);
  return ev as WatchEvent<T>;
}

function malformed(detail: string): ApiError {
  // Code 0: produced on this side; the stream is unusable and must be restarted.
  return new ApiError(failureStatus(0, 'InternalError', `malformed watch event: ${detail}`));
}

/** resourceVersion carried by any event object, BOOKMARK included. */
export function eventResourceVersion(ev: WatchEvent): string | undefined {
  const meta = (ev.object as { metadata?: { resourceVersion?: string } }).metadata;
  return meta?.resourceVersion || undefined;
}
