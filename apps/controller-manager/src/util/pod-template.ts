/** A pod from a controller's template (upstream GetPodFromTemplate). */
import type { KubeObject, Pod, PodTemplateSpec } from '@skiff/api';
import { controllerRef } from '@skiff/controller';

export function podFromTemplate(template: PodTemplateSpec | undefined, owner: KubeObject, namePrefix = `${owner.metadata.name ?? ''}-`): Pod {
  const meta = template?.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: namePrefix,
      namespace: owner.metadata.namespace ?? 'default',
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [controllerRef(owner)],
    },
    spec: structuredClone(template?.spec ?? { containers: [] }),
  };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}
