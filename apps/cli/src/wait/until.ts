/**
 * Watch one object by name until a predicate holds, as kubectl wait's UntilWithSync does:
 * list by `metadata.name` (the object or its absence, with a resourceVersion), test, then
 * watch from there and test every event; a stream that ends or expires lists again. The
 * predicate sees `undefined` once the object is gone. Stops (false) when `signal` aborts; an
 * already-aborted signal means no look at all (kubectl's shared deadline has passed), while
 * `once` looks exactly once and never watches (--timeout=0).
 */
import type { KubeObject } from '@skiff/api';
import type { ResourceRef, RestClient } from '@skiff/client';

export interface UntilResult {
  met: boolean;
  /** The object as last seen (the met one, or the last one before giving up). */
  obj: KubeObject | undefined;
}

export async function watchUntil(
  client: RestClient,
  ref: ResourceRef,
  namespace: string | undefined,
  name: string,
  met: (obj: KubeObject | undefined) => boolean,
  signal: AbortSignal,
  once = false,
): Promise<UntilResult> {
  let last: KubeObject | undefined;
  while (once || !signal.aborted) {
    let list;
    try {
      list = await client.list(ref, { namespace, fieldSelector: `metadata.name=${name}` });
    } catch (e) {
      if (signal.aborted && !once) break;
      throw e;
    }
    last = list.items[0];
    if (met(last)) return { met: true, obj: last };
    if (once) break;
    const stream = client.watch(ref, {
      namespace,
      fieldSelector: `metadata.name=${name}`,
      resourceVersion: list.metadata.resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: 300,
      signal,
    });
    try {
      for await (const ev of stream) {
        if (ev.type === 'ERROR') break;
        if (ev.type === 'BOOKMARK') continue;
        last = ev.type === 'DELETED' ? undefined : (ev.object as KubeObject);
        if (met(last)) return { met: true, obj: ev.object as KubeObject };
      }
    } catch (e) {
      if (!signal.aborted) throw e;
    } finally {
      stream.abort();
    }
  }
  return { met: false, obj: last };
}
