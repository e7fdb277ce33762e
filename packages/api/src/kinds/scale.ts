/** autoscaling/v1 Scale: the body of the deployments|replicasets/<name>/scale subresource. */
import { Type, type Static } from '@sinclair/typebox';
import { int, str, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';

const opt = Type.Optional;

export const ScaleSchema = kindObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' }, 'Scale represents a scaling request for a resource.', {
  spec: opt(named('io.k8s.api.autoscaling.v1.ScaleSpec', 'ScaleSpec describes the attributes of a scale subresource.', {
    replicas: opt(int('replicas is the desired number of instances for the scaled object.')),
  })),
  status: opt(named('io.k8s.api.autoscaling.v1.ScaleStatus', 'ScaleStatus represents the current status of a scale subresource.', {
    replicas: opt(int('replicas is the actual number of observed instances of the scaled object.')),
    selector: opt(str('selector is the label query over pods that should match the replicas count, in the string form kubectl prints.')),
  })),
});
export type Scale = Static<typeof ScaleSchema>;
