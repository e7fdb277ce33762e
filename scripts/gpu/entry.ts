/**
 * One-file Skiff for a machine that gets no node_modules (a borrowed GPU box): esbuild bundles
 * this entry (scripts/gpu/bundle.sh). The CLI finds the daemons through dynamic imports of
 * sibling apps, which a bundler cannot follow, so this entry imports the components
 * statically and dispatches:
 *   skiff.mjs up --data-dir DIR [--simulate-gpus DIR] [--gpu-health-interval SECS]
 *                                                       the embedded cluster (as `skiff up`)
 *   skiff.mjs discover [--from DIR] [-o yaml]           `skiff node-agent discover`
 *   skiff.mjs <anything else>                           the CLI (`skiff get pods`, …)
 */
import { argv } from './argv-guard.ts';
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { startEmbeddedScheduler } from '../../apps/scheduler/src/embedded.ts';
import { startEmbeddedControllerManager } from '../../apps/controller-manager/src/embedded.ts';
import { startEmbeddedAgent } from '../../apps/node-agent/src/embedded.ts';
import { discoverCommand } from '../../apps/node-agent/src/gpu/index.ts';
import { apiServerComponent, startCluster, type Component } from '../../apps/cli/src/cluster/components.ts';
import { run } from '../../apps/cli/src/main.ts';

let gpuHealthIntervalMs: number | undefined;
const components: Component[] = [
  apiServerComponent,
  { name: 'scheduler', start: (env) => startEmbeddedScheduler({ kubeconfigPath: env.kubeconfigPath!, log: env.logger('scheduler') }) },
  { name: 'controller-manager', start: (env) => startEmbeddedControllerManager({ kubeconfigPath: env.kubeconfigPath!, log: env.logger('controller-manager') }) },
  {
    name: 'node-agent',
    async start(env) {
      const agent = await startEmbeddedAgent({ kubeconfigPath: env.kubeconfigPath!, dataDir: env.dataDir, log: env.logger('node-agent'), simulateGpus: env.simulateGpus, gpuHealthIntervalMs });
      return agent ?? { stop: async () => undefined };
    },
  },
];

async function up(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string', default: '.skiff' }, port: { type: 'string', default: '6443' }, 'simulate-gpus': { type: 'string' }, 'gpu-health-interval': { type: 'string' } } });
  if (values['gpu-health-interval']) gpuHealthIntervalMs = Number(values['gpu-health-interval']) * 1000;
  const dataDir = resolve(values['data-dir']);
  const cluster = await startCluster({ dataDir, port: Number(values.port), host: '127.0.0.1', simulateGpus: values['simulate-gpus'] }, components);
  process.stdout.write(`Skiff is up: ${cluster.env.url} kubeconfig ${join(dataDir, 'kubeconfig')}\n`);
  const stop = (): void => void cluster.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const [cmd, ...rest] = argv;
if (cmd === 'up') await up(rest);
else if (cmd === 'discover') process.exitCode = await discoverCommand(rest, { stdout: process.stdout, stderr: process.stderr });
else process.exitCode = await run(argv);
