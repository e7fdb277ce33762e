/**
 * Small metav1/corev1 types many kinds embed: label selectors, conditions, object
 * references, typed local references.
 */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, str, int, stringMap, time, stringEnum, named } from './helpers.ts';

const opt = Type.Optional;

export const LabelSelectorRequirementSchema = named('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement', 'A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.', {
  key: str('key is the label key that the selector applies to.'),
  operator: stringEnum(['In', 'NotIn', 'Exists', 'DoesNotExist'], "operator represents a key's relationship to a set of values."),
  values: opt(atomicList(Type.String(), 'values is an array of string values. Must be non-empty for In/NotIn, empty for Exists/DoesNotExist.')),
});

export const LabelSelectorSchema = named('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector', 'A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects.', {
  matchLabels: opt(stringMap('matchLabels is a map of {key,value} pairs, ANDed with matchExpressions.')),
  matchExpressions: opt(atomicList(LabelSelectorRequirementSchema, 'matchExpressions is a list of label selector requirements. The requirements are ANDed.')),
});
export type LabelSelector = Static<typeof LabelSelectorSchema>;

/** metav1.Condition (the newer, uniform condition type). */
export const ConditionSchema = named('io.k8s.apimachinery.pkg.apis.meta.v1.Condition', 'Condition contains details for one aspect of the current state of this API Resource.', {
  type: str('type of condition in CamelCase.'),
  status: stringEnum(['True', 'False', 'Unknown'], 'status of the condition, one of True, False, Unknown.'),
  observedGeneration: opt(int('observedGeneration represents the .metadata.generation that the condition was set based upon.', 'int64')),
  lastTransitionTime: opt(time('lastTransitionTime is the last time the condition transitioned from one status to another.')),
  reason: opt(str("reason contains a programmatic identifier indicating the reason for the condition's last transition.")),
  message: opt(str('message is a human readable message indicating details about the transition.')),
});
export type Condition = Static<typeof ConditionSchema>;

export const ObjectReferenceSchema = named('io.k8s.api.core.v1.ObjectReference', 'ObjectReference contains enough information to let you inspect or modify the referred object.', {
  kind: opt(str('Kind of the referent.')),
  namespace: opt(str('Namespace of the referent.')),
  name: opt(str('Name of the referent.')),
  uid: opt(str('UID of the referent.')),
  apiVersion: opt(str('API version of the referent.')),
  resourceVersion: opt(str('Specific resourceVersion to which this reference is made, if any.')),
  fieldPath: opt(str('If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].')),
});
export type ObjectReference = Static<typeof ObjectReferenceSchema>;

export const LocalObjectReferenceSchema = named('io.k8s.api.core.v1.LocalObjectReference', 'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.', {
  name: opt(str('Name of the referent.')),
});
