/** The top-level shape every kind shares, and upstream's OpenAPI naming for it. */
import { Type, type TProperties } from '@sinclair/typebox';
import { ObjectMetaSchema } from './object-meta.ts';
import { str } from './helpers.ts';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Upstream OpenAPI component name: io.k8s.api.core.v1.Pod, io.x-k8s.scheduling.v1alpha1.PodGroup. */
export function schemaName(group: string, version: string, kind: string): string {
  if (group === '') return `io.k8s.api.core.${version}.${kind}`;
  if (group.endsWith('.k8s.io')) return `io.k8s.api.${group.slice(0, -'.k8s.io'.length)}.${version}.${kind}`;
  if (!group.includes('.')) return `io.k8s.api.${group}.${version}.${kind}`;
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/** Top-level kind: apiVersion, kind, metadata plus the kind's own fields. */
export function kindObject<P extends TProperties>(gvk: GroupVersionKind, description: string, props: P) {
  return Type.Object(
    {
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
      kind: str('Kind is a string value representing the REST resource this object represents.'),
      metadata: ObjectMetaSchema,
      ...props,
    },
    {
      $id: schemaName(gvk.group, gvk.version, gvk.kind),
      description,
      'x-kubernetes-group-version-kind': [{ group: gvk.group, version: gvk.version, kind: gvk.kind }],
    },
  );
}

