/** Schema utilities: introspection, unknown-field pruning, decode normalisation, OpenAPI. */
export * from './introspect.ts';
export * from './prune.ts';
export * from './normalize.ts';
export * from './openapi-schema.ts';
export * from './openapi-paths.ts';
export * from './openapi.ts';
