/** Semantic validation per kind, plus schema (type) validation. */
export * from './common.ts';
export * from './object-meta.ts';
export * from './container.ts';
export * from './pod-spec.ts';
export * from './pod.ts';
export * from './selector.ts';
export * from './apps.ts';
export * from './job.ts';
export * from './service.ts';
export * from './config.ts';
export * from './misc.ts';
export * from './dra.ts';
export * from './resource-slice.ts';
export * from './gang.ts';
export * from './schema-types.ts';
