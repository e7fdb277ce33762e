/**
 * The embedded cluster `skiff up` runs, as an ordered list of components. Each starts with
 * what earlier ones published (the api-server publishes its URL, token and kubeconfig) and
 * stops in reverse order: api-server, scheduler, controller-manager, node-agent, each talking
 * to the api-server only through the kubeconfig, exactly as when they run as separate
 * processes.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { startApiServer } from '@skiff/api-server';
import { createLogger, type Logger } from '@skiff/logging';

export interface ClusterOptions {
  dataDir: string;
  port: number;
  host: string;
  /** A GPU capture folder: the agent publishes those GPUs, marked simulated (no real GPU needed). */
  simulateGpus?: string | undefined;
  /** The agent's Service data path (needs root/NET_ADMIN); default on. */
  serviceProxy?: boolean | undefined;
}

/** What components share while the cluster runs. */
export interface ClusterEnv extends ClusterOptions {
  url?: string;
  token?: string;
  kubeconfigPath?: string;
  /** JSON logs per component, to dataDir/logs/<name>.log, so the terminal stays readable. */
  logger(component: string): Logger;
}

export interface RunningComponent {
  stop(): Promise<void>;
}

export interface Component {
  name: string;
  start(env: ClusterEnv): Promise<RunningComponent>;
}

export const apiServerComponent: Component = {
  name: 'api-server',
  async start(env) {
    const server = await startApiServer({ dataDir: env.dataDir, port: env.port, host: env.host, logger: env.logger('api-server') });
    env.url = server.url;
    env.token = server.token;
    env.kubeconfigPath = server.kubeconfigPath;
    return { stop: () => server.close() };
  },
};

/** The scheduler (leader-elected on kube-system/skiff-scheduler, like the daemon). */
export const schedulerComponent: Component = {
  name: 'scheduler',
  async start(env) {
    const mod = (await import(new URL('../../../scheduler/src/embedded.ts', import.meta.url).href)) as typeof import('../../../scheduler/src/embedded.ts');
    return mod.startEmbeddedScheduler({ kubeconfigPath: env.kubeconfigPath!, log: env.logger('scheduler') });
  },
};

/** The controller-manager (leader-elected on kube-system/skiff-controller-manager, like the daemon). */
export const controllerManagerComponent: Component = {
  name: 'controller-manager',
  async start(env) {
    const mod = (await import(new URL('../../../controller-manager/src/embedded.ts', import.meta.url).href)) as typeof import('../../../controller-manager/src/embedded.ts');
    return mod.startEmbeddedControllerManager({ kubeconfigPath: env.kubeconfigPath!, log: env.logger('controller-manager') });
  },
};

/** One node agent on the local Docker engine (or one line saying Docker is not running). */
export const nodeAgentComponent: Component = {
  name: 'node-agent',
  async start(env) {
    // Not a dependency of the CLI package: found beside it in the monorepo's apps/, like the daemons.
    const mod = (await import(new URL('../../../node-agent/src/embedded.ts', import.meta.url).href)) as typeof import('../../../node-agent/src/embedded.ts');
    const agent = await mod.startEmbeddedAgent({ kubeconfigPath: env.kubeconfigPath!, dataDir: env.dataDir, log: env.logger('node-agent'), simulateGpus: env.simulateGpus, serviceProxy: env.serviceProxy });
    return agent ?? { stop: async () => undefined };
  },
};

export const COMPONENTS: Component[] = [apiServerComponent, schedulerComponent, controllerManagerComponent, nodeAgentComponent];

export interface Cluster {
  env: ClusterEnv;
  stop(): Promise<void>;
}

/** Start every component in order; if one fails, stop those already started and rethrow. */
export async function startCluster(opts: ClusterOptions, components: Component[] = COMPONENTS): Promise<Cluster> {
  const logDir = join(opts.dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const streams: WriteStream[] = [];
  const env: ClusterEnv = {
    ...opts,
    logger(component) {
      const s = createWriteStream(join(logDir, `${component}.log`), { flags: 'a' });
      streams.push(s);
      return createLogger({ component, destination: s });
    },
  };
  const running: RunningComponent[] = [];
  const stop = async (): Promise<void> => {
    for (const c of running.reverse()) await c.stop().catch(() => undefined);
    running.length = 0;
    await Promise.all(streams.map((s) => new Promise((r) => s.end(r))));
  };
  try {
    for (const c of components) running.push(await c.start(env));
  } catch (e) {
    await stop();
    throw e;
  }
  return { env, stop };
}
