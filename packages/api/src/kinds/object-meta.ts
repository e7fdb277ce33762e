/**
 * metav1.ObjectMeta as a schema. Mirrors the ObjectMeta interface in ../meta.ts (that
 * interface is the contract generic code uses; this is what validation, pruning and
 * OpenAPI see). creationTimestamp accepts null because kubectl run/create send it.
 */
import { Type, type Static } from '@sinclair/typebox';
import { mergeList, setList, str, int, stringMap, time, stringEnum, named } from './helpers.ts';

const opt = Type.Optional;

export const OwnerReferenceSchema = named('io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference', 'OwnerReference contains enough information to let you identify an owning object.', {
  apiVersion: str('API version of the referent.'),
  kind: str('Kind of the referent.'),
  name: str('Name of the referent.'),
  uid: str('UID of the referent.'),
  controller: opt(Type.Boolean({ description: 'If true, this reference points to the managing controller.' })),
  blockOwnerDeletion: opt(Type.Boolean({ description: 'If true, the owner cannot be deleted from storage until this reference is removed (foreground deletion).' })),
});

export const ManagedFieldsEntrySchema = named('io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry', 'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.', {
  manager: opt(str('Manager is an identifier of the workflow managing these fields.')),
  operation: opt(stringEnum(['Apply', 'Update'], 'Operation is the type of operation which lead to this ManagedFieldsEntry being created.')),
  apiVersion: opt(str('APIVersion defines the version of this resource that this field set applies to.')),
  time: opt(time('Time is the timestamp of when the ManagedFields entry was added.')),
  fieldsType: opt(stringEnum(['FieldsV1'], 'FieldsType is the discriminator for the different fields format and version.')),
  fieldsV1: opt(Type.Record(Type.String(), Type.Unknown(), { description: 'FieldsV1 holds the first JSON version format as described in the "FieldsV1" type.' })),
  subresource: opt(str('Subresource is the name of the subresource used to update that object.')),
});

export const ObjectMetaSchema = named('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.', {
  name: opt(str('Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.')),
  generateName: opt(str('GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.')),
  namespace: opt(str('Namespace defines the space within which each name must be unique. Cluster-scoped resources must not set it.')),
  uid: opt(str('UID is the unique in time and space value for this object. Populated by the system. Read-only.')),
  resourceVersion: opt(str('An opaque value that represents the internal version of this object, used for optimistic concurrency and watches. Populated by the system. Read-only.')),
  generation: opt(int('A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.', 'int64')),
  creationTimestamp: opt(Type.Union([time(''), Type.Null()], { description: 'CreationTimestamp is a timestamp representing the server time when this object was created. Populated by the system. Read-only.' })),
  deletionTimestamp: opt(time('DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. Set by the server when a graceful deletion is requested.')),
  deletionGracePeriodSeconds: opt(int('Number of seconds allowed for this object to gracefully terminate before it will be removed from the system.', 'int64')),
  labels: opt(stringMap('Map of string keys and values that can be used to organize and categorize (scope and select) objects.')),
  annotations: opt(stringMap('Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.')),
  finalizers: opt(setList('Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list.')),
  ownerReferences: opt(mergeList(OwnerReferenceSchema, 'uid', 'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.')),
  managedFields: opt(Type.Array(ManagedFieldsEntrySchema, { description: 'ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.', 'x-kubernetes-list-type': 'atomic' })),
});

export type ObjectMetaT = Static<typeof ObjectMetaSchema>;
