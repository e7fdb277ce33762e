/** core/v1 ConfigMap. */
import { Type, type Static } from '@sinclair/typebox';
import { stringMap } from './helpers.ts';
import { kindObject } from './kind-object.ts';

const opt = Type.Optional;

export const ConfigMapSchema = kindObject({ group: '', version: 'v1', kind: 'ConfigMap' }, 'ConfigMap holds configuration data for pods to consume.', {
  immutable: opt(Type.Boolean({ description: 'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified).' })),
  data: opt(stringMap('Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'.')),
  binaryData: opt(Type.Record(Type.String(), Type.String({ format: 'byte' }), { description: 'BinaryData contains the binary data (base64). Keys must not overlap with Data.' })),
});
export type ConfigMap = Static<typeof ConfigMapSchema>;
