/**
 * @skiff/api: the single source of truth for every kind Skiff serves.
 * Schemas (TypeBox) → TS types, registry entries (GVK, plural, scope, short names, Table
 * columns), defaulting, validation with field paths, quantities, selectors and Status errors.
 */
export * from './meta.ts';
export * from './status.ts';
export * from './resource-type.ts';
// Kinds, registry, defaulting, validation, schema utilities (packages/api/src/{kinds,defaults,validation,schema}).
export * from './kinds/index.ts';
export { registry, BODY_SCHEMAS, type Registry } from './registry.ts';
export { defaultPod, defaultPodSpec, defaultContainer, defaultPullPolicy, addDefaultTolerations, preparePodForCreate, computeQOSClass, type QOSClass } from './defaults/index.ts';
export { JOB_CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from './defaults/index.ts';
export { validateSchema } from './validation/schema-types.ts';
export { validateObjectMeta, validatePodSpec, POD_UPDATE_FORBIDDEN } from './validation/index.ts';
export { pruneUnknownFields, strictDecodingMessage, type PruneOptions } from './schema/prune.ts';
export { normalizeObject } from './schema/normalize.ts';
export { warmCleanChecks } from './schema/fast-check.ts';
export { shapeOf, type SchemaShape } from './schema/introspect.ts';
export { openApiV3ForGroupVersion, openApiV3Index, type OpenApiDocument } from './schema/openapi.ts';
// Names, selectors, quantities, durations, Table printers, patch application (names/labels/fields/quantity/duration/tables/patch).
export * from './names.ts';
export * from './labels.ts';
export * from './fields.ts';
export * from './quantity.ts';
export * from './duration.ts';
export * from './cidr.ts';
export * from './daemon-help.ts';
export * from './gpu-annotation.ts';
export * from './tables/index.ts';
export * from './patch/index.ts';
