/** The three PATCH bodies the apiserver accepts besides server-side apply. */
export { applyMergePatch, isJsonObject } from './merge-patch.ts';
export type { JsonObject } from './merge-patch.ts';
export { applyJsonPatch } from './json-patch.ts';
export type { JsonPatchOperation } from './json-patch.ts';
export { applyStrategicMergePatch } from './strategic.ts';
export type { SchemaContext, SchemaNode, PatchMeta } from './smp-schema.ts';
export { patchMeta, fieldNode, itemsNode, resolveNode } from './smp-schema.ts';
