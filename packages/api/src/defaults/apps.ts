/** apps/v1 SetDefaults_Deployment / SetDefaults_ReplicaSet, including their pod templates. */
import type { Deployment } from '../kinds/deployment.ts';
import type { ReplicaSet } from '../kinds/replicaset.ts';
import type { PodTemplateSpec } from '../kinds/pod.ts';
import { defaultPodSpec } from './pod-spec.ts';

export function defaultPodTemplate(t: PodTemplateSpec | undefined): void {
  if (t?.spec) defaultPodSpec(t.spec);
}

export function defaultDeployment(d: Deployment): void {
  if (!d.spec) return;
  const spec = d.spec;
  spec.replicas ??= 1;
  spec.strategy ??= {};
  spec.strategy.type ??= 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplate(spec.template);
}

export function defaultReplicaSet(rs: ReplicaSet): void {
  if (!rs.spec) return;
  rs.spec.replicas ??= 1;
  defaultPodTemplate(rs.spec.template);
}
