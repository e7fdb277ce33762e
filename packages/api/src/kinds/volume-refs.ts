/** Selector types shared by env vars and downward-API volumes (kept apart to avoid an import cycle). */
import { Type } from '@sinclair/typebox';
import { str, named } from './helpers.ts';

export const ObjectFieldSelectorRef = named('io.k8s.api.core.v1.ObjectFieldSelector', 'ObjectFieldSelector selects an APIVersioned field of an object.', {
  apiVersion: Type.Optional(str('Version of the schema the FieldPath is written in terms of, defaults to "v1".')),
  fieldPath: str('Path of the field to select in the specified API version.'),
});
