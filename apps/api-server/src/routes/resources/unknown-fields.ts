/** fieldValidation (Strict / Warn / Ignore) for unknown fields, as upstream decodes bodies. */
import { errors, pruneUnknownFields, type KubeObject, type ResourceType } from '@skiff/api';
import type { FieldValidation } from '../../http/query.ts';

export function checkUnknownFields(type: ResourceType, obj: KubeObject, mode: FieldValidation, warnings: string[]): void {
  const unknown = pruneUnknownFields(type.schema, obj, { remove: true });
  if (unknown.length === 0) return;
  if (mode === 'Strict') {
    const list = unknown.map((f) => `unknown field "${f}"`);
    throw errors.badRequest(`strict decoding error: ${list.join(', ')}`);
  }
  if (mode === 'Warn') for (const f of unknown) warnings.push(`unknown field "${f}"`);
}
