/**
 * @skiff/storage: the Store interface and its implementations. Only the api-server imports it.
 */
export * from './store.ts';
