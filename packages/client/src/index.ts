/**
 * @skiff/client: how every Skiff component (CLI, scheduler, controllers, node agent)
 * talks to the api-server. It speaks the Kubernetes REST API and nothing else.
 *
 * Contract:
 * - `RestClient` verbs are generic over kinds, addressed by `ResourceRef`
 *   (group, version, plural, namespaced) + namespace + name; `resolve.ts` derives a ref
 *   from apiVersion + kind.
 * - Every failure is an `ApiError` carrying a Kubernetes `Status` (code 0 when no answer
 *   came); branch with `isNotFound`, `isConflict`, `isAlreadyExists`, `isGone`/`isExpired`,
 *   `isInvalid`, `isUnauthorized`. Raw fetch errors never escape.
 * - `watch()` yields `{type, object}` events over HTTP chunked JSON lines or WebSocket;
 *   ERROR events are yielded typed, HTTP errors (410 included) throw.
 * - Informers (list → watch → re-list on 410, 1 s → 30 s back-off) keep a frozen, indexed
 *   cache; `SharedInformerFactory` gives one per resource per process. Objects from a
 *   lister are read-only: `structuredClone` before editing.
 * - `kubeconfig.ts` loads/merges/writes kubeconfig files the way kubectl does.
 */
export * from './errors.ts';
export * from './paths.ts';
export * from './options.ts';
export type { TlsOptions } from './connection.ts';
export * from './rest-client.ts';
export * from './item-batcher.ts';
export * from './batched-creates.ts';
export * from './watch.ts';
export { eventResourceVersion } from './watch-event.ts';
export { LineDecoder } from './line-decoder.ts';
export * from './backoff.ts';
export * from './list-watch.ts';
export * from './indexer.ts';
export * from './label-match.ts';
export * from './lister.ts';
export * from './informer.ts';
export * from './informer-factory.ts';
export * from './resolve.ts';
export * from './kubeconfig.ts';
export * from './daemon-flags.ts';
