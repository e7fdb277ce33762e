/**
 * apimachinery messages: meta/v1 (ObjectMeta, LabelSelector, Time, Condition, DeleteOptions),
 * api/resource Quantity and util/intstr IntOrString. Field numbers from
 * kubernetes/apimachinery pkg/apis/meta/v1, pkg/api/resource and pkg/util/intstr generated.proto.
 */
import { decodeMessage } from './decode.ts';
import { converted, mapOf, message } from './schema.ts';

const GO_ZERO_TIME = -62135596800;

/** meta.v1.Time {seconds = 1, nanos = 2}; JSON is RFC 3339 at second precision, null when zero. */
const TimeWire = message('Time', () => ({ 1: ['seconds', 'int64'], 2: ['nanos', 'int32'] }));
export const Time = converted('Time', (bytes) => {
  const t = decodeMessage(TimeWire, bytes) as { seconds?: number };
  // Go's zero time.Time is written as an empty message, (year 1 as a fallback): JSON null.
  if (!t.seconds || t.seconds === GO_ZERO_TIME) return null;
  return new Date(t.seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
});

/** resource.Quantity {string = 1}: the canonical string form is what JSON carries. */
const QuantityWire = message('Quantity', () => ({ 1: ['string', 'string', 'keep'] }));
export const Quantity = converted('Quantity', (bytes) => (decodeMessage(QuantityWire, bytes)['string'] as string | undefined) ?? '0');

/** intstr.IntOrString {type = 1 (0 int, 1 string), intVal = 2, strVal = 3}. */
const IntOrStringWire = message('IntOrString', () => ({ 1: ['type', 'int64'], 2: ['intVal', 'int32'], 3: ['strVal', 'string'] }));
export const IntOrString = converted('IntOrString', (bytes) => {
  const v = decodeMessage(IntOrStringWire, bytes) as { type?: number; intVal?: number; strVal?: string };
  return v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
});

/** FieldsV1 {Raw = 1}: the managed-fields trie, already JSON. */
const FieldsV1Wire = message('FieldsV1', () => ({ 1: ['raw', 'bytes'] }));
export const FieldsV1 = converted('FieldsV1', (bytes) => {
  const raw = decodeMessage(FieldsV1Wire, bytes)['raw'] as string | undefined;
  return raw ? JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) : {};
});

export const OwnerReference = message('OwnerReference', () => ({
  5: ['apiVersion', 'string', 'keep'],
  1: ['kind', 'string', 'keep'],
  3: ['name', 'string', 'keep'],
  4: ['uid', 'string', 'keep'],
  6: ['controller', 'bool', 'keep'],
  7: ['blockOwnerDeletion', 'bool', 'keep'],
}));

export const ManagedFieldsEntry = message('ManagedFieldsEntry', () => ({
  1: ['manager', 'string'],
  2: ['operation', 'string'],
  3: ['apiVersion', 'string'],
  4: ['time', Time],
  6: ['fieldsType', 'string'],
  7: ['fieldsV1', FieldsV1],
  8: ['subresource', 'string'],
}));

export const ObjectMeta = message('ObjectMeta', () => ({
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  4: ['selfLink', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['generation', 'int64'],
  8: ['creationTimestamp', Time],
  9: ['deletionTimestamp', Time],
  10: ['deletionGracePeriodSeconds', 'int64', 'keep'],
  11: ['labels', mapOf('string')],
  12: ['annotations', mapOf('string')],
  13: ['ownerReferences', OwnerReference, 'repeated'],
  14: ['finalizers', 'string', 'repeated'],
  17: ['managedFields', ManagedFieldsEntry, 'repeated'],
}));

export const LabelSelectorRequirement = message('LabelSelectorRequirement', () => ({
  1: ['key', 'string', 'keep'],
  2: ['operator', 'string', 'keep'],
  3: ['values', 'string', 'repeated'],
}));

export const LabelSelector = message('LabelSelector', () => ({
  1: ['matchLabels', mapOf('string')],
  2: ['matchExpressions', LabelSelectorRequirement, 'repeated'],
}));

export const Condition = message('Condition', () => ({
  1: ['type', 'string', 'keep'],
  2: ['status', 'string', 'keep'],
  3: ['observedGeneration', 'int64'],
  4: ['lastTransitionTime', Time],
  5: ['reason', 'string', 'keep'],
  6: ['message', 'string', 'keep'],
}));

const Preconditions = message('Preconditions', () => ({ 1: ['uid', 'string', 'keep'], 2: ['resourceVersion', 'string', 'keep'] }));

/** Typed clients send DELETE bodies in protobuf too. */
export const DeleteOptions = message('DeleteOptions', () => ({
  1: ['gracePeriodSeconds', 'int64', 'keep'],
  2: ['preconditions', Preconditions],
  3: ['orphanDependents', 'bool', 'keep'],
  4: ['propagationPolicy', 'string', 'keep'],
  5: ['dryRun', 'string', 'repeated'],
}));
