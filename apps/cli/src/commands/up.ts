/**
 * `skiff up`: the single-machine cluster in one command. Starts the components
 * (cluster/components.ts) on a data folder, writes DIR/kubeconfig (optionally merged into
 * ~/.kube/config), says how to point kubectl at it, and runs until Ctrl-C/SIGTERM, then
 * stops cleanly and exits 0. Running it again on the same folder keeps every object.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadKubeconfig, writeKubeconfig } from '@skiff/client';
import { parseIntFlag } from '../argv.ts';
import { homeOf } from '../connection.ts';
import type { CommandContext, Register } from '../context.ts';
import { CliError } from '../errors.ts';
import { stopRequested } from '../stop-signal.ts';

interface UpFlags {
  dataDir: string;
  port: number;
  bindAddress: string;
  mergeKubeconfig?: boolean;
  simulateGpus?: string;
  serviceProxy: string;
}

function startError(e: unknown, flags: UpFlags): CliError {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EADDRINUSE') {
    return new CliError(`error: port ${flags.port} on ${flags.bindAddress} is already in use (is another skiff up running? choose another with --port)`);
  }
  if (err?.code === 'EACCES') return new CliError(`error: not allowed to listen on ${flags.bindAddress}:${flags.port}`);
  return new CliError(`error: cannot start the cluster: ${(err?.message ?? String(e)).split('\n')[0]}`);
}

async function runUp(ctx: CommandContext, flags: UpFlags): Promise<void> {
  const dataDir = resolve(ctx.io.cwd ?? process.cwd(), flags.dataDir);
  // Loaded on demand: every other command starts faster without fastify and SQLite.
  const { startCluster } = await import('../cluster/components.ts');
  let cluster;
  try {
    const simulateGpus = flags.simulateGpus === undefined ? undefined : resolve(ctx.io.cwd ?? process.cwd(), flags.simulateGpus);
    if (simulateGpus !== undefined && !existsSync(simulateGpus)) throw new CliError(`error: --simulate-gpus: the folder "${flags.simulateGpus}" does not exist (give a GPU capture folder such as the one skiff node-agent discover reads)`);
    if (flags.serviceProxy !== 'on' && flags.serviceProxy !== 'off') throw new CliError(`error: --service-proxy must be on or off, not "${flags.serviceProxy}"`);
    cluster = await startCluster({ dataDir, port: flags.port, host: flags.bindAddress, simulateGpus, serviceProxy: flags.serviceProxy === 'on' });
  } catch (e) {
    throw startError(e, flags);
  }
  const { url = '', kubeconfigPath = join(dataDir, 'kubeconfig') } = cluster.env;
  ctx.out(`Skiff is up: API server at ${url} (data in ${dataDir}, logs in ${join(dataDir, 'logs')})\n`);
  if (flags.mergeKubeconfig) {
    const target = join(homeOf(ctx.io), '.kube', 'config');
    // The api-server's own kubeconfig (server, CA, token), merged as written: one source.
    await writeKubeconfig(target, loadKubeconfig({ path: kubeconfigPath }), { merge: true });
    ctx.out(`Merged context "skiff" into ${target} and made it current: kubectl get nodes\n`);
  }
  ctx.out(`To use it from another terminal:\n  export KUBECONFIG=${kubeconfigPath}\n  kubectl get nodes\nPress Ctrl-C to stop; run skiff up again to resume with the same state.\n`);
  await stopRequested(ctx);
  await cluster.stop();
  ctx.out('Skiff stopped.\n');
}

export const registerUp: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('up')
    .description('Start a single-machine Skiff cluster in the foreground')
    .option('--data-dir <dir>', 'Where the cluster keeps its state, token and kubeconfig', '.skiff')
    .option('--port <n>', 'API server port', parseIntFlag('port'), 6443)
    .option('--bind-address <address>', 'Address the API server listens on', '127.0.0.1')
    .option('--simulate-gpus <dir>', 'Give the node agent the GPUs of a capture folder (nvidia-smi outputs), marked simulated: schedule GPU pods on a machine without GPUs')
    .option('--service-proxy <on|off>', 'Service traffic for pods (ClusterIPs, NodePorts, cluster DNS): needs root; off leaves the host untouched', 'on')
    .option('--merge-kubeconfig', 'Also add the cluster to ~/.kube/config and make it the current context')
    .action((flags: UpFlags) => runUp(ctx, flags));
};
