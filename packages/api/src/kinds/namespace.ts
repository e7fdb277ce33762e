/** core/v1 Namespace. */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, mergeList, str, time, stringEnum, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';

const opt = Type.Optional;

export const NamespaceSchema = kindObject({ group: '', version: 'v1', kind: 'Namespace' }, 'Namespace provides a scope for Names. Use of multiple namespaces is optional.', {
  spec: opt(named('io.k8s.api.core.v1.NamespaceSpec', 'NamespaceSpec describes the attributes on a Namespace.', {
    finalizers: opt(atomicList(Type.String(), 'Finalizers is an opaque list of values that must be empty to permanently remove object from storage.')),
  })),
  status: opt(named('io.k8s.api.core.v1.NamespaceStatus', 'NamespaceStatus is information about the current status of a Namespace.', {
    phase: opt(stringEnum(['Active', 'Terminating'], 'Phase is the current lifecycle phase of the namespace.')),
    conditions: opt(mergeList(named('io.k8s.api.core.v1.NamespaceCondition', 'NamespaceCondition contains details about state of namespace.', {
      type: str('Type of namespace controller condition.'),
      status: stringEnum(['True', 'False', 'Unknown'], 'Status of the condition, one of True, False, Unknown.'),
      lastTransitionTime: opt(time('Last time the condition transitioned from one status to another.')),
      reason: opt(str('Unique, one-word, CamelCase reason for the condition\'s last transition.')),
      message: opt(str('Human-readable message indicating details about last transition.')),
    }), 'type', 'Represents the latest available observations of a namespace\'s current state.')),
  })),
});
export type Namespace = Static<typeof NamespaceSchema>;
