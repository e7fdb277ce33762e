/**
 * @skiff/storage: the Store the api-server keeps every object in. Only the api-server imports it.
 *
 * Contract (details in store.ts):
 * - Keys are `/<group|core>/<plural>/[<namespace>/]<name>` (keys.ts); list(prefix) returns the
 *   current objects under a prefix in key order, from memory.
 * - Every write takes the next global revision, written into metadata.resourceVersion of a
 *   frozen copy; the caller's object is never mutated. A write's promise resolves once it is
 *   committed (a kill -9 afterwards loses nothing); writes of one event-loop turn share a commit.
 * - watch(prefix, fromRevision) replays every event after fromRevision (memory ring, else the
 *   SQLite log), then streams live ones, each serialised once and shared by all watchers;
 *   fromRevision below compactedRevision throws StoreError('Expired'); a callback returning
 *   false is dropped with onClose('slow').
 * - openSqliteStore(path) is the durable implementation, createMemoryStore() the in-memory one
 *   for tests; both pass store.conformance.ts.
 */
export * from './store.ts';
export { objectKey, prefixKey } from './keys.ts';
export type { KeyedType } from './keys.ts';
export type { LogStoreOptions } from './log-store.ts';
export { createMemoryStore } from './memory/memory-store.ts';
export type { MemoryStoreOptions } from './memory/memory-store.ts';
export { openSqliteStore } from './sqlite/sqlite-store.ts';
export type { SqliteStore, SqliteStoreOptions } from './sqlite/sqlite-store.ts';
export type { CorruptRow } from './sqlite/log.ts';
export type { Synchronous } from './sqlite/schema.ts';
