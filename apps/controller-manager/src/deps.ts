/**
 * What every controller is built from: one client, one shared informer factory (one watch per
 * kind per process), an injectable clock, a logger and the manager's options.
 */
import type { RestClient, SharedInformerFactory } from '@skiff/client';
import type { ControllerHooks, EventSink } from '@skiff/controller';
import type { Logger } from '@skiff/logging';

/** The verbs controllers use; RestClient satisfies it, the fixture records it. */
export type KubeClient = Pick<RestClient, 'get' | 'create' | 'update' | 'updateStatus' | 'patch' | 'delete'>;

export interface ManagerOptions {
  /** Service ClusterIP range (default 10.96.0.0/12). */
  serviceCidr: string;
  /** NodePort range, inclusive. */
  nodePortRange: [number, number];
  /** How long a node's Lease may go unrenewed before it is Unknown (default 50 s). */
  nodeMonitorGracePeriodMs: number;
  /** How often the node lifecycle controller looks at every node (default 5 s). */
  nodeMonitorPeriodMs: number;
  workers: number;
  /** Where pods reach the api-server, for default/kubernetes (default: the client's server URL). */
  apiServer?: { host: string; port: number };
}

export const DEFAULT_OPTIONS: ManagerOptions = {
  serviceCidr: '10.96.0.0/12',
  nodePortRange: [30000, 32767],
  nodeMonitorGracePeriodMs: 50_000,
  nodeMonitorPeriodMs: 5_000,
  workers: 4,
};

export interface ControllerDeps {
  client: KubeClient;
  factory: SharedInformerFactory;
  now: () => number;
  logger: Logger;
  hooks?: ControllerHooks;
  options: ManagerOptions;
  /** Events under upstream's source component names (`replicaset-controller`, ...). */
  recorder(component: string): EventSink;
}
