/** Object builders for controller tests. */
import type { Deployment, Job, Pod, ReplicaSet } from '@skiff/api';

export const T0 = Date.parse('2026-01-01T00:00:00Z');
export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export function rs(name: string, replicas: number, labels: Record<string, string> = { app: name }, extra: Partial<ReplicaSet['metadata']> = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, ...extra },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'img:a' }] } } },
  };
}

export function pod(name: string, o: { labels?: Record<string, string>; owner?: { kind: string; name: string; apiVersion?: string }; ready?: boolean; readySince?: number; nodeName?: string; phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed'; created?: number; deleting?: boolean } = {}): Pod {
  const p: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: o.labels ?? {}, creationTimestamp: iso(o.created ?? T0) },
    spec: { containers: [{ name: 'c', image: 'img:a' }], ...(o.nodeName ? { nodeName: o.nodeName } : {}) },
    status: { phase: o.phase ?? (o.ready ? 'Running' : 'Pending') },
  };
  if (o.owner) p.metadata.ownerReferences = [{ apiVersion: o.owner.apiVersion ?? 'apps/v1', kind: o.owner.kind, name: o.owner.name, uid: `uid-${o.owner.name}`, controller: true, blockOwnerDeletion: true }];
  if (o.ready !== undefined) p.status!.conditions = [{ type: 'Ready', status: o.ready ? 'True' : 'False', lastTransitionTime: iso(o.readySince ?? T0) }];
  if (o.deleting) p.metadata.deletionTimestamp = iso(T0);
  return p;
}

export function deployment(name: string, replicas: number, image = 'img:a', extra: Partial<NonNullable<Deployment['spec']>> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...extra,
    },
  };
}

export function job(name: string, spec: Partial<NonNullable<Job['spec']>> = {}): Job {
  const labels = { 'batch.kubernetes.io/controller-uid': `uid-${name}`, 'batch.kubernetes.io/job-name': name };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1 },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': `uid-${name}` } },
      template: { metadata: { labels }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
      ...spec,
    },
  };
}
