/**
 * The Store contract (the consumer, the api-server, owns it; kine-style).
 *
 * - Keys: `/<group or "core">/<plural>/<namespace>/<name>` for namespaced kinds and
 *   `/<group or "core">/<plural>/<name>` for cluster-scoped ones (see keys.ts).
 * - Every successful write gets the next value of one global, strictly increasing revision;
 *   the store writes it into `metadata.resourceVersion` (as a decimal string) of the object it
 *   persists and returns. The object passed in is never mutated.
 * - Reads (get/list) serve current state from memory; writes are durable when their promise
 *   resolves (kill -9 after that loses nothing).
 * - watch(prefix, fromRevision) delivers, in revision order, every event with revision >
 *   fromRevision whose key starts with prefix, then live events. If fromRevision is older than
 *   the compacted revision the call throws StoreError('Expired').
 * - Failures are StoreError values with a stable code; the api-server turns them into
 *   Kubernetes Status responses (it knows the resource names the messages need).
 * - Objects handed out (Stored.object, WatchEvent.object/prev) are frozen and shared: never
 *   mutate them; structuredClone before editing.
 */
import type { KubeObject } from '@skiff/api';

export type StoreErrorCode = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired' | 'Closed';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly key: string;
  constructor(code: StoreErrorCode, key: string, message?: string) {
    super(message ?? `${code}: ${key}`);
    this.name = 'StoreError';
    this.code = code;
    this.key = key;
  }
}

export interface Stored {
  object: Readonly<KubeObject>;
  /** JSON.stringify(object), computed once at write time and reused for responses and watch frames. */
  json: string;
  revision: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  key: string;
  revision: number;
  /** For DELETED: the last state, carrying the deletion's revision as its resourceVersion. */
  object: Readonly<KubeObject>;
  json: string;
  /** State before this event (undefined for ADDED): lets selector watches emit ADDED/DELETED on transitions. */
  prev?: Readonly<KubeObject>;
}

export interface Watcher {
  /** Stop delivering and release resources. Idempotent. */
  stop(): void;
}

export interface WatchOptions {
  /** Called when the store drops this watcher (too slow, store closing); the client must re-watch. */
  onClose?: (reason: 'slow' | 'closed') => void;
}

export interface ListResult {
  items: Stored[];
  /** The store revision this list is consistent with. */
  revision: number;
}

export interface Store {
  /** Highest revision written so far (0 for an empty store). */
  readonly revision: number;
  /** Revisions at or below this have been compacted away: watches/lists from them get 410. */
  readonly compactedRevision: number;

  get(key: string): Stored | undefined;
  /**
   * Optional: the key's state including writes already accepted but not yet committed (group
   * commit). Read-modify-write must start from this: a write is checked against what it will
   * follow, and starting from `get` makes writers in the same event-loop turn conflict with
   * each other on every retry. Reads served to clients keep using `get` (committed only).
   */
  latest?(key: string): Stored | undefined;
  /** Current objects whose key starts with prefix, sorted by key. */
  list(prefix: string): ListResult;

  /** Fails with StoreError('AlreadyExists') if key exists. */
  create(key: string, object: KubeObject): Promise<Stored>;
  /**
   * Replace the object at key. If expectedRevision is given and differs from the current
   * revision, fails with StoreError('Conflict'); a missing key fails with StoreError('NotFound').
   */
  update(key: string, object: KubeObject, expectedRevision?: number): Promise<Stored>;
  /** Remove key; returns the final state with the deletion's revision. Same preconditions as update. */
  delete(key: string, expectedRevision?: number): Promise<Stored>;

  watch(prefix: string, fromRevision: number, onEvent: (e: WatchEvent) => void, opts?: WatchOptions): Watcher;

  /**
   * Optional: the objects under prefix exactly as they were at `revision` (an older snapshot,
   * for LIST with resourceVersionMatch=Exact). Undefined when the store cannot serve it
   * (no durable history, or the revision was compacted away).
   */
  listAt?(prefix: string, revision: number): ListResult | undefined;

  /** Drop history at or below `revision` (default: keep the last N revisions, N configured). */
  compact(revision?: number): Promise<number>;
  close(): Promise<void>;
}
