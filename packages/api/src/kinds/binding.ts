/** core/v1 Binding: POSTed by the scheduler to pods/<name>/binding. */
import { type Static } from '@sinclair/typebox';
import { kindObject } from './kind-object.ts';
import { ObjectReferenceSchema } from './meta-types.ts';

export const BindingSchema = kindObject({ group: '', version: 'v1', kind: 'Binding' }, 'Binding ties one object to another; for example, a pod is bound to a node by a scheduler.', {
  target: ObjectReferenceSchema,
});
export type Binding = Static<typeof BindingSchema>;
