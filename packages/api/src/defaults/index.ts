/** Defaulting per kind (upstream SetDefaults_* and the admission defaults Skiff applies). */
export * from './pod-spec.ts';
export * from './pod.ts';
export * from './qos.ts';
export * from './apps.ts';
export * from './job.ts';
export * from './core.ts';
export * from './other.ts';
