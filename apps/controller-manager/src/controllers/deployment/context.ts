/** What one Deployment sync carries between its steps. */
import type { Deployment, Pod, ReplicaSet } from '@skiff/api';
import type { EventSink } from '@skiff/controller';
import type { KubeClient } from '../../deps.ts';

export interface SyncContext {
  client: KubeClient;
  /** ScalingReplicaSet and friends, about the Deployment (deployment-controller). */
  events: EventSink;
  now: number;
  signal: AbortSignal;
  /** A private copy: steps set conditions / collisionCount on its status. */
  d: Deployment;
  /** The status as cached, to diff the final write against. */
  original: NonNullable<Deployment['status']>;
  /** Pods controlled by the Deployment's ReplicaSets (Recreate waits for old ones to go). */
  pods: readonly Pod[];
  /** The ReplicaSet as the cache last showed it (AlreadyExists races). */
  cachedRS(name: string): ReplicaSet | undefined;
}

export const nsOpts = (c: SyncContext) => ({ namespace: c.d.metadata.namespace, signal: c.signal });
