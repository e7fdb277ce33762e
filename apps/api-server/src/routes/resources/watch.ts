/**
 * A watch, independent of transport (HTTP chunked lines or WebSocket messages).
 * - resourceVersion unset/"0": synthetic ADDED for the current state, then changes.
 * - resourceVersion N: every change after N (replayed from the store's cache or log).
 * - Too old: one ERROR event (410 Expired) and the end, as kubectl and client-node expect.
 * - Selectors: an object that starts matching arrives as ADDED, one that stops as DELETED.
 * - Frames are built once per store event and shared by every watcher with the same view
 *   (plain JSON); Table watchers get one-row Tables, columns only in their first event.
 * - BOOKMARKs keep idle streams alive (client-node 2.x aborts after 30 s of silence).
 */
import { apiVersionOf, errors, type KubeObject } from '@skiff/api';
import { StoreError, type WatchEvent } from '@skiff/storage';
import type { ServerContext } from '../../context.ts';
import { bool, int, str } from '../../http/query.ts';
import { prefixFor } from './names.ts';
import type { ResourceRequest } from './request.ts';
import { selectionFromQuery } from './selection.ts';
import { includeObjectFrom, toTable } from './table.ts';

export interface WatchSink {
  /**
   * Returns false when the peer is not keeping up (buffer above the high-water mark). Frames
   * shared by many watchers arrive as one Buffer, encoded once for all of them.
   */
  write(frame: string | Buffer): boolean;
  end(): void;
}

export interface ActiveWatch {
  stop(): void;
}

const frameCache = new WeakMap<WatchEvent, Buffer>();

/** The event's frame as UTF-8 bytes, built once per event however many watchers receive it. */
function plainFrame(e: WatchEvent, type: string): string | Buffer {
  if (type === e.type) {
    let f = frameCache.get(e);
    if (f === undefined) {
      f = Buffer.from(`{"type":"${e.type}","object":${e.json}}\n`);
      frameCache.set(e, f);
    }
    return f;
  }
  return `{"type":"${type}","object":${e.json}}\n`;
}

export function startWatch(ctx: ServerContext, req: ResourceRequest, sink: WatchSink): ActiveWatch {
  const type = req.type;
  const q = req.query;
  const pred = selectionFromQuery(type, q);
  const bookmarks = bool(q, 'allowWatchBookmarks');
  const timeoutSeconds = int(q, 'timeoutSeconds');
  const rvParam = str(q, 'resourceVersion');
  const sendInitial = str(q, 'sendInitialEvents');
  if (rvParam !== undefined && rvParam !== '' && !/^\d+$/.test(rvParam)) throw errors.badRequest(`invalid resource version: ${JSON.stringify(rvParam)}`);
  const table = req.accept.table;
  const include = includeObjectFrom(q);
  let tableColumnsSent = false;
  let lastRevision = 0;
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const handle = { stop: () => stop() };

  const emit = (eventType: string, obj: Readonly<KubeObject>, e?: WatchEvent, json?: string): void => {
    if (stopped) return;
    let frame: string | Buffer;
    if (table) {
      const t = toTable(type, [obj], { resourceVersion: obj.metadata.resourceVersion ?? '' }, ctx.now(), include, !tableColumnsSent);
      tableColumnsSent = true;
      frame = `${JSON.stringify({ type: eventType, object: t })}\n`;
    } else if (e) {
      frame = plainFrame(e, eventType);
    } else if (json !== undefined) {
      frame = `{"type":"${eventType}","object":${json}}\n`;
    } else {
      frame = `${JSON.stringify({ type: eventType, object: obj })}\n`;
    }
    if (!sink.write(frame)) {
      ctx.metrics.watchDropped.inc();
      stop(); // too slow: the client re-watches from its last resourceVersion
    }
  };

  const onEvent = (e: WatchEvent): void => {
    lastRevision = e.revision;
    if (!pred) return emit(e.type, e.object, e);
    const now = e.type !== 'DELETED' && pred(e.object);
    const before = e.prev !== undefined && pred(e.prev);
    if (e.type === 'DELETED') {
      if (before || pred(e.object)) emit('DELETED', e.object, e);
    } else if (now && before) emit('MODIFIED', e.object, e);
    else if (now) emit('ADDED', e.object, e);
    else if (before) emit('DELETED', e.object, e);
  };

  let from: number;
  const initial = rvParam === undefined || rvParam === '' || rvParam === '0' || sendInitial === 'true';
  const prefix = prefixFor(type, req.namespace);
  let watcher: { stop(): void } | undefined;
  try {
    if (initial) {
      const { items, revision } = ctx.store.list(prefix);
      from = revision;
      for (const s of items) if (!pred || pred(s.object)) emit('ADDED', s.object, undefined, s.json);
      if (sendInitial === 'true') emitBookmark(revision, true);
    } else {
      from = Number(rvParam);
    }
    lastRevision = from;
    watcher = ctx.store.watch(prefix, from, onEvent, { onClose: () => stop() });
  } catch (err) {
    if (err instanceof StoreError && err.code === 'Expired') {
      const status = errors.expired(`too old resource version: ${rvParam ?? ''} (${ctx.store.compactedRevision})`).toStatus();
      sink.write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
      sink.end();
      return { stop: () => undefined };
    }
    throw err;
  }
  ctx.metrics.watchers.inc();
  ctx.watches.add(handle);

  function emitBookmark(revision: number, initialEnd = false): void {
    const metadata: Record<string, unknown> = { resourceVersion: String(revision) };
    if (initialEnd) metadata['annotations'] = { 'k8s.io/initial-events-end': 'true' };
    const obj = { kind: type.kind, apiVersion: apiVersionOf(type), metadata };
    if (!sink.write(`${JSON.stringify({ type: 'BOOKMARK', object: obj })}\n`)) stop();
  }

  if (bookmarks) {
    const t = setInterval(() => {
      // Every event up to the store's revision has been delivered synchronously, so that is safe to promise.
      lastRevision = Math.max(lastRevision, ctx.store.revision);
      emitBookmark(lastRevision);
    }, ctx.bookmarkIntervalMs);
    t.unref();
    timers.push(t);
  }
  const seconds = timeoutSeconds !== undefined && timeoutSeconds > 0 ? Math.min(timeoutSeconds, ctx.maxWatchSeconds) : ctx.maxWatchSeconds;
  const end = setTimeout(() => stop(), seconds * 1000);
  end.unref();
  timers.push(end);

  function stop(): void {
    if (stopped) return;
    stopped = true;
    for (const t of timers) clearTimeout(t);
    watcher?.stop();
    ctx.watches.delete(handle);
    ctx.metrics.watchers.dec();
    sink.end();
  }
  return handle;
}
