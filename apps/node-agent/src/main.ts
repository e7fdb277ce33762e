/**
 * `skiff node-agent` / the node-agent image entry point.
 *   --kubeconfig PATH            credentials for the api-server (default: KUBECONFIG, ~/.kube/config)
 *   --server URL --token TOKEN   join an api-server directly (homelab), with
 *   --certificate-authority FILE or --insecure-skip-tls-verify for https
 *   --node-name NAME             (default: the hostname)
 *   --data-dir DIR               volumes and pod files (default ./.skiff/node-agent)
 *   --simulate-gpus DIR          GPUs from a capture instead of the host (marked simulated)
 *   --docker-socket PATH         (default /var/run/docker.sock)
 *   --kubelet-port N             logs/exec server for the api-server's proxy (default 10250; 0 = any)
 *   --gpu-health-interval SECS   how often GPUs are rediscovered and GPU containers checked (default 30)
 *   --stats-interval SECS        how often CPU, memory and GPU use are sampled for metrics.k8s.io (default 10)
 *   --service-proxy on|off       the Service data path: ClusterIP/NodePort proxy and cluster DNS for
 *                                pods (default on; needs root or CAP_NET_ADMIN, else it says so and stays off)
 *   --cluster-dns ADDRESS        where the cluster DNS listens (default 169.254.20.10; two clusters on one
 *                                host need two); with --service-proxy=off, the DNS pods are given, served
 *                                by another agent on this engine (docker compose), else Docker's default
 * `skiff node-agent discover …` prints the GPU inventory (GPU module).
 */
import { isIPv4 } from 'node:net';
import { hostname } from 'node:os';
import { parseDaemonArgs } from '@skiff/api';
import { clientFromFlags, connectionFlagHelp, connectionFlags, type RestClient } from '@skiff/client';
import { createLogger, type Logger } from '@skiff/logging';
import { startNodeAgent, type NodeAgent } from './agent.ts';
import { discoverCommand } from './gpu/index.ts';
import { gpuWiring } from './gpu-wiring.ts';
import { DockerRuntime } from './runtime/docker.ts';
import { DEFAULT_KUBELET_PORT, endpointAnnotations, startDockerAgentServer } from './server/index.ts';
import { ResourceSampler } from './stats/sampler.ts';
import type { Pod } from '@skiff/api';

export interface AgentFlags {
  client: RestClient;
  nodeName: string;
  dataDir: string;
  simulateGpus?: string | undefined;
  dockerSocket?: string | undefined;
  /** The kubelet (logs/exec) port; 0 picks a free one (it is published on the Node either way). */
  kubeletPort?: number | undefined;
  /** Lost-GPU checks (rediscovery, nvidia-smi in GPU containers); default 30 s. */
  gpuHealthIntervalMs?: number | undefined;
  /** Resource metrics sampling (stats/); default 10 s. */
  statsIntervalMs?: number | undefined;
  /** The Service data path (docs/services.md); default on, as `skiff up` wants it. */
  serviceProxy?: boolean | undefined;
  /** The cluster DNS address (served here with the data path on, only given to pods with it off). */
  clusterDns?: string | undefined;
  /** `always` gives every pod a sandbox container; `auto` (default) lets one-container pods run without one. */
  podSandbox?: 'auto' | 'always' | undefined;
  /** Plug one-container pods into the pod network itself (netwire/veth.ts): auto (default), on, off. */
  podVeth?: 'auto' | 'on' | 'off' | undefined;
  log?: Logger;
}

/** Start on the local Docker engine with GPU discovery: what main() and `skiff up` run. */
export async function runNodeAgent(f: AgentFlags): Promise<NodeAgent> {
  const log = f.log ?? createLogger({ component: 'node-agent' });
  const runtime = new DockerRuntime({ socketPath: f.dockerSocket });
  let pods: () => Pod[] = () => [];
  const { wiring, usage } = await gpuWiring({ client: f.client, runtime, nodeName: f.nodeName, log, simulateDir: f.simulateGpus, healthIntervalMs: f.gpuHealthIntervalMs, pods: () => pods() });
  const sampler = new ResourceSampler({ nodeName: f.nodeName, runtime, gpus: usage, intervalMs: f.statsIntervalMs, log: log.child({ component: 'resource-stats' }) });
  const kubelet = await startDockerAgentServer({ runtime, client: f.client, nodeName: f.nodeName, log, port: f.kubeletPort ?? DEFAULT_KUBELET_PORT, stats: () => sampler.latest() });
  let agent: NodeAgent;
  try {
    agent = await startNodeAgent({
      client: f.client,
      runtime,
      nodeName: f.nodeName,
      dataDir: f.dataDir,
      log,
      gpu: wiring,
      serviceProxy: f.serviceProxy === false ? undefined : { dnsAddress: f.clusterDns },
      clusterDns: f.serviceProxy === false ? f.clusterDns : undefined,
      kubelet: { port: kubelet.port, annotations: endpointAnnotations(kubelet.fingerprint) },
      podSandbox: f.podSandbox,
      podVeth: f.podVeth ?? 'auto',
    });
  } catch (e) {
    await kubelet.close();
    throw e;
  }
  pods = () => agent.pods.informer.lister.list();
  sampler.start();
  const stopAgent = agent.stop.bind(agent);
  agent.stop = async () => {
    sampler.stop();
    await stopAgent();
    await kubelet.close();
  };
  return agent;
}

const HELP = {
  ...connectionFlagHelp,
  'node-name': 'name of this Node ($SKIFF_NODE_NAME, else the hostname)',
  'data-dir': 'volumes, logs and GPU state of this agent ($SKIFF_DATA_DIR/node-agent when set)',
  'simulate-gpus': 'publish the GPUs of a capture folder (nvidia-smi outputs, as in shared/fixtures/gpu) instead of real ones; marked simulated',
  'docker-socket': 'Docker Engine socket (default: /var/run/docker.sock)',
  'kubelet-port': 'port for logs, exec, port-forward and stats (kubectl reaches it through the api-server); 0 picks a free one',
  'gpu-health-interval': 'seconds between GPU checks: rediscovery, Xid errors, nvidia-smi -L in GPU containers',
  'stats-interval': 'seconds between resource samples (kubectl top)',
  'service-proxy': 'on: serve ClusterIPs, NodePorts and the cluster DNS on this host (needs root or NET_ADMIN); off: leave the host alone',
  'cluster-dns': 'cluster DNS address given to pods, and served here when --service-proxy=on (default there: 169.254.20.10)',
  'pod-sandbox': 'auto: a one-container pod runs as that container with a fixed address; always: every pod gets a sandbox container',
  'pod-veth': 'auto: when running as root, plug one-container pods into the pod network here instead of through Docker (faster starts); on: fail when that is not possible; off: always through Docker',
};

export async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'discover') {
    const code = await discoverCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr });
    process.exitCode = code;
    return;
  }
  const options = {
    ...connectionFlags,
    'node-name': { type: 'string', default: process.env['SKIFF_NODE_NAME'] ?? hostname().toLowerCase() },
    'data-dir': { type: 'string', default: process.env['SKIFF_DATA_DIR'] ? `${process.env['SKIFF_DATA_DIR']}/node-agent` : '.skiff/node-agent' },
    'simulate-gpus': { type: 'string' },
    'docker-socket': { type: 'string' },
    'kubelet-port': { type: 'string', default: String(DEFAULT_KUBELET_PORT) },
    'gpu-health-interval': { type: 'string', default: '30' },
    'stats-interval': { type: 'string', default: '10' },
    'service-proxy': { type: 'string', default: 'on' },
    'cluster-dns': { type: 'string' },
    'pod-sandbox': { type: 'string', default: 'auto' },
    'pod-veth': { type: 'string', default: 'auto' },
  } as const;
  const values = parseDaemonArgs('node-agent', 'Runs this machine\'s pods through Docker and publishes its GPUs. `skiff node-agent discover [--from DIR] [-o json|yaml]` prints what it finds.', argv, options, HELP);
  if (!values) return;
  const healthSecs = Number(values['gpu-health-interval']);
  if (!Number.isFinite(healthSecs) || healthSecs < 1) throw new Error(`--gpu-health-interval must be a number of seconds >= 1, not "${values['gpu-health-interval']}"`);
  const statsSecs = Number(values['stats-interval']);
  if (!Number.isFinite(statsSecs) || statsSecs < 1) throw new Error(`--stats-interval must be a number of seconds >= 1, not "${values['stats-interval']}"`);
  const proxy = values['service-proxy'];
  if (proxy !== 'on' && proxy !== 'off') throw new Error(`--service-proxy must be on or off, not "${proxy}"`);
  const clusterDns = values['cluster-dns'];
  if (clusterDns !== undefined && !isIPv4(clusterDns)) throw new Error(`--cluster-dns must be an IPv4 address, not "${clusterDns}"`);
  const podSandbox = values['pod-sandbox'];
  if (podSandbox !== 'auto' && podSandbox !== 'always') throw new Error(`--pod-sandbox must be auto or always, not "${podSandbox}"`);
  const podVeth = values['pod-veth'];
  if (podVeth !== 'auto' && podVeth !== 'on' && podVeth !== 'off') throw new Error(`--pod-veth must be auto, on or off, not "${podVeth}"`);
  const client = clientFromFlags(values, 'skiff-node-agent/0.1');
  const agent = await runNodeAgent({ client, nodeName: values['node-name'], dataDir: values['data-dir'], simulateGpus: values['simulate-gpus'], dockerSocket: values['docker-socket'], kubeletPort: Number(values['kubelet-port']), gpuHealthIntervalMs: healthSecs * 1000, statsIntervalMs: statsSecs * 1000, serviceProxy: proxy === 'on', clusterDns, podSandbox, podVeth });
  const stop = (): void => {
    void agent.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`node-agent: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
