/** core/v1 Secret. */
import { Type, type Static } from '@sinclair/typebox';
import { stringMap, str } from './helpers.ts';
import { kindObject } from './kind-object.ts';

const opt = Type.Optional;

export const SecretSchema = kindObject({ group: '', version: 'v1', kind: 'Secret' }, 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.', {
  immutable: opt(Type.Boolean({ description: 'Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified).' })),
  data: opt(Type.Record(Type.String(), Type.String({ format: 'byte' }), { description: 'Data contains the secret data, base64 encoded. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'.' })),
  stringData: opt(stringMap('stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field; merged into data on write.')),
  type: opt(str('Used to facilitate programmatic handling of secret data. Defaults to Opaque.')),
});
export type Secret = Static<typeof SecretSchema>;
