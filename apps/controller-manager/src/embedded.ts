/**
 * The controller-manager inside `skiff up`: the same ControllerManager the daemon runs,
 * connected through the cluster's kubeconfig, leader-elected like a standalone replica.
 */
import { clientFromKubeconfig } from '@skiff/client';
import type { Logger } from '@skiff/logging';
import { ControllerManager } from './manager.ts';

export interface EmbeddedOptions {
  kubeconfigPath: string;
  log: Logger;
  /** Serve Prometheus metrics here (default: off, the daemon's port may be taken). */
  metricsPort?: number;
}

export async function startEmbeddedControllerManager(o: EmbeddedOptions): Promise<{ stop(): Promise<void> }> {
  const { client } = clientFromKubeconfig({ path: o.kubeconfigPath });
  const manager = new ControllerManager({ client, logger: o.log });
  const metrics = o.metricsPort ? await manager.metrics.serve(o.metricsPort) : undefined;
  await manager.start();
  return {
    async stop() {
      await manager.stop();
      metrics?.server.close();
    },
  };
}
