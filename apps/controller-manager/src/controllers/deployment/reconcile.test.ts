import { afterEach, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '@skiff/api';
import { fixture, type Fixture } from '../../testing/fixture.ts';
import { deployment, iso, T0 } from '../../testing/objects.ts';
import { computeHash } from '../../util/hash.ts';
import { DeploymentReconciler } from './reconcile.ts';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.stop();
  f = undefined;
});

const statusOf = (f: Fixture) => (f.client.of('patch', 'deployments').find((w) => w.subresource === 'status')?.body as { status: NonNullable<Deployment['status']> }).status;

it('a new Deployment gets <name>-<hash> with the hash on labels, selector and template, revision 1 and desired/max annotations', async () => {
  const d = deployment('web', 4);
  f = await fixture({ deployments: [d] }, { now: T0 });
  await f.reconcile(new DeploymentReconciler(f.deps), 'default', 'web');
  const created = f.client.of('create', 'replicasets')[0]!.body as ReplicaSet;
  const hash = computeHash(d.spec!.template);
  expect(created.metadata.name).toBe(`web-${hash}`);
  expect(created.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
  expect(created.spec?.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
  expect(created.spec?.template?.metadata?.labels?.['pod-template-hash']).toBe(hash);
  expect(created.spec?.replicas).toBe(4);
  expect(created.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5' });
  expect(created.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true, blockOwnerDeletion: true });
  const revision = f.client.of('patch', 'deployments').find((w) => !w.subresource)!.body;
  expect(revision).toEqual({ metadata: { annotations: { 'deployment.kubernetes.io/revision': '1' } } });
  const s = statusOf(f);
  expect(s.observedGeneration).toBe(1);
  expect(s.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetCreated' });
  expect(s.conditions?.find((x) => x.type === 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
  expect(await f.events()).toEqual([
    expect.objectContaining({ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set web-${hash} from 0 to 4`, involvedObject: expect.objectContaining({ kind: 'Deployment', name: 'web' }), source: { component: 'deployment-controller' } }),
  ]);
});

it('a resize scales the ReplicaSet and records ScalingReplicaSet "Scaled down … from 2 to 1"', async () => {
  const d = deployment('small', 1);
  const hash = computeHash(d.spec!.template);
  const template = structuredClone(d.spec!.template);
  template.metadata!.labels!['pod-template-hash'] = hash;
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `small-${hash}`, namespace: 'default', uid: 'uid-rs', generation: 1, labels: template.metadata!.labels!, annotations: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'small', uid: 'uid-small', controller: true }] },
    spec: { replicas: 2, selector: { matchLabels: template.metadata!.labels! }, template },
    status: { replicas: 2, availableReplicas: 2, readyReplicas: 2, observedGeneration: 1 },
  };
  d.metadata.annotations = { 'deployment.kubernetes.io/revision': '1' };
  f = await fixture({ deployments: [d], replicasets: [rs] }, { now: T0 });
  await f.reconcile(new DeploymentReconciler(f.deps), 'default', 'small');
  expect((f.client.of('update', 'replicasets')[0]!.body as ReplicaSet).spec?.replicas).toBe(1);
  expect((await f.events()).map((e) => `${e.reason}: ${e.message}`)).toEqual([`ScalingReplicaSet: Scaled down replica set small-${hash} from 2 to 1`]);
});

it('no progress for progressDeadlineSeconds → Progressing False/ProgressDeadlineExceeded', async () => {
  const d = deployment('slow', 2, 'img:a', { progressDeadlineSeconds: 60 });
  const hash = computeHash(d.spec!.template);
  const template = structuredClone(d.spec!.template);
  template.metadata!.labels!['pod-template-hash'] = hash;
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `slow-${hash}`, namespace: 'default', uid: 'uid-rs', generation: 1, labels: template.metadata!.labels!, annotations: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'slow', uid: 'uid-slow', controller: true }] },
    spec: { replicas: 2, selector: { matchLabels: template.metadata!.labels! }, template },
    status: { replicas: 2, availableReplicas: 0, readyReplicas: 0, observedGeneration: 1 },
  };
  d.metadata.annotations = { 'deployment.kubernetes.io/revision': '1' };
  const t = iso(T0 - 61_000);
  d.status = { observedGeneration: 1, replicas: 2, updatedReplicas: 2, conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: t, lastTransitionTime: t, message: '' }] };
  f = await fixture({ deployments: [d], replicasets: [rs] }, { now: T0 });
  await f.reconcile(new DeploymentReconciler(f.deps), 'default', 'slow');
  expect(statusOf(f).conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "slow-${hash}" has timed out progressing.` });
});
