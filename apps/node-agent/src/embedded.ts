/**
 * The node agent as `skiff up` runs it: one agent on the local Docker engine, credentials
 * from the kubeconfig the api-server just wrote. Without a running Docker engine it says so
 * in one line and returns nothing: the API still comes up (pods stay Pending).
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { clientFromKubeconfig } from '@skiff/client';
import type { Logger } from '@skiff/logging';
import { runNodeAgent } from './main.ts';
import { DockerRuntime } from './runtime/docker.ts';

export interface EmbeddedAgentOptions {
  kubeconfigPath: string;
  dataDir: string;
  log: Logger;
  nodeName?: string;
  dockerSocket?: string;
  /** GPUs from a capture folder instead of the host (`skiff up --simulate-gpus`). */
  simulateGpus?: string | undefined;
  gpuHealthIntervalMs?: number | undefined;
  /** The Service data path (ClusterIPs, NodePorts, cluster DNS); default on. */
  serviceProxy?: boolean | undefined;
  /** Where the one-line "no Docker" notice goes. */
  notice?: (line: string) => void;
}

export async function startEmbeddedAgent(o: EmbeddedAgentOptions): Promise<{ stop(): Promise<void> } | undefined> {
  const notice = o.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
  try {
    await new DockerRuntime({ socketPath: o.dockerSocket }).version();
  } catch (e) {
    notice(`Docker is not running (${e instanceof Error ? e.message : String(e)}): starting without a node agent, pods will stay Pending.`);
    return undefined;
  }
  const { client } = clientFromKubeconfig({ path: o.kubeconfigPath });
  const agent = await runNodeAgent({ client, nodeName: o.nodeName ?? hostname().toLowerCase(), dataDir: join(o.dataDir, 'node-agent'), dockerSocket: o.dockerSocket, log: o.log, kubeletPort: 0, simulateGpus: o.simulateGpus, gpuHealthIntervalMs: o.gpuHealthIntervalMs, serviceProxy: o.serviceProxy !== false });
  return { stop: () => agent.stop() };
}
