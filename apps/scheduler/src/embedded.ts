/**
 * The scheduler inside `skiff up`: same SchedulerServer as the daemon, connected through the
 * cluster's kubeconfig, logging to the component's log. Leader election stays on, so a
 * separately started `skiff scheduler` against the same cluster waits instead of racing.
 */
import { clientFromKubeconfig } from '@skiff/client';
import type { Logger } from '@skiff/logging';
import { defaultConfig } from './config.ts';
import { SchedulerServer } from './server.ts';

export async function startEmbeddedScheduler(o: { kubeconfigPath: string; log: Logger }): Promise<{ stop(): Promise<void> }> {
  const { client } = clientFromKubeconfig({ path: o.kubeconfigPath });
  const server = new SchedulerServer({ client, log: o.log, config: defaultConfig() });
  await server.start();
  return { stop: () => server.stop() };
}
