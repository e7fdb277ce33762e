/**
 * `skiff scheduler` entry point.
 *   --kubeconfig PATH            connect as this kubeconfig says (default: $KUBECONFIG, ~/.kube/config)
 *   --server URL --token T       or connect directly (--insecure-skip-tls-verify for self-signed)
 *   --config FILE                YAML/JSON: plugins, score weights, plugin args, schedulerName (config.ts)
 *   --scheduler-name NAME        answer pods with this spec.schedulerName (default default-scheduler)
 *   --leader-elect=false         run without the Lease kube-system/skiff-scheduler (one replica only)
 */
import { parseDaemonArgs } from '@skiff/api';
import { clientFromFlags, connectionFlagHelp, connectionFlags } from '@skiff/client';
import { createLogger } from '@skiff/logging';
import { loadConfig } from './config.ts';
import { SchedulerServer } from './server.ts';

const OPTIONS = {
  ...connectionFlags,
  config: { type: 'string' },
  'scheduler-name': { type: 'string' },
  'leader-elect': { type: 'string', default: 'true' },
} as const;

const HELP = {
  ...connectionFlagHelp,
  config: 'scheduler configuration, YAML or JSON: plugins, score weights, plugin args, schedulerName (KubeSchedulerConfiguration shape)',
  'scheduler-name': 'schedule pods whose spec.schedulerName is this (default: default-scheduler, or the config file\'s)',
  'leader-elect': 'take the Lease kube-system/skiff-scheduler before scheduling; false runs without it (one replica only)',
};

export async function main(argv: string[]): Promise<SchedulerServer | undefined> {
  const values = parseDaemonArgs('scheduler', 'Binds pending pods to nodes: filters, scores, GPU claims (DRA) and gangs all-or-nothing.', argv, OPTIONS, HELP);
  if (!values) return undefined;
  const log = createLogger({ component: 'scheduler' });
  const client = clientFromFlags(values, 'skiff-scheduler');
  const config = loadConfig(values.config);
  if (values['scheduler-name']) config.schedulerName = values['scheduler-name'];
  const server = new SchedulerServer({
    client,
    log,
    config,
    leaderElect: values['leader-elect'] !== 'false',
    onLostLeadership: () => {
      log.error('leader election lost');
      process.exit(1);
    },
  });
  await server.start();
  log.info({ identity: server.identity, schedulerName: config.schedulerName }, 'scheduler started');
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`scheduler: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
