/**
 * `skiff controller-manager` entry point.
 *   --kubeconfig PATH                 connect as this kubeconfig says (default: $KUBECONFIG, ~/.kube/config)
 *   --server URL --token T            or connect directly (--insecure-skip-tls-verify for self-signed)
 *   --controllers LIST                `*` (default), `foo`, `-foo`, comma separated
 *   --metrics-port N                  Prometheus text on /metrics (default 10257; 0 = off)
 *   --leader-elect=false              run without the Lease (a single replica)
 *   --node-monitor-grace-period S     seconds before a silent node is Unknown (default 50)
 *   --service-cluster-ip-range CIDR   ClusterIP range (default 10.96.0.0/12)
 *   --service-node-port-range A-B     NodePort range, inclusive (default 30000-32767)
 *   --concurrent-syncs N              workers per controller (default 4)
 */
import { parseDaemonArgs } from '@skiff/api';
import { clientFromFlags, connectionFlagHelp, connectionFlags } from '@skiff/client';
import { createLogger } from '@skiff/logging';

/** How often node agents renew their Lease (apps/node-agent/src/node/lease.ts). */
const NODE_LEASE_RENEW_MS = 10_000;
import { ControllerManager } from './manager.ts';
import { parsePortRange } from './util/port-range.ts';

const OPTIONS = {
  ...connectionFlags,
  controllers: { type: 'string', multiple: true, default: ['*'] as string[] },
  'metrics-port': { type: 'string', default: '10257' },
  'metrics-bind-address': { type: 'string', default: '127.0.0.1' },
  'leader-elect': { type: 'string', default: 'true' },
  'node-monitor-grace-period': { type: 'string', default: '50' },
  'service-cluster-ip-range': { type: 'string', default: '10.96.0.0/12' },
  'service-node-port-range': { type: 'string', default: '30000-32767' },
  'concurrent-syncs': { type: 'string', default: '4' },
} as const;

const HELP = {
  ...connectionFlagHelp,
  controllers: "controllers to run: '*' for all, a name to add one, -name to leave one out (repeatable or comma separated)",
  'metrics-port': 'port for Prometheus text on /metrics; 0 turns it off',
  'metrics-bind-address': 'address the metrics port listens on',
  'leader-elect': 'take the controller-manager Lease before reconciling; false runs without it (one replica only)',
  'node-monitor-grace-period': 'seconds (or a duration like 40s) without a Lease renewal before a node is Unknown and its pods are evicted',
  'service-cluster-ip-range': 'CIDR that Service ClusterIPs are allocated from',
  'service-node-port-range': 'inclusive port range for NodePorts, A-B',
  'concurrent-syncs': 'workers per controller',
};

export async function main(argv: string[]): Promise<ControllerManager | undefined> {
  const values = parseDaemonArgs('controller-manager', 'Reconciles Deployments, ReplicaSets, Jobs, Services (EndpointSlices), nodes, claims and garbage collection.', argv, OPTIONS, HELP);
  if (!values) return undefined;
  const logger = createLogger({ component: 'controller-manager' });
  const graceMs = durationMs(values['node-monitor-grace-period']);
  // Agents renew their Lease every 10 s: a grace close to that marks live nodes Unknown
  // whenever one renewal is late (seen at 10 s on a busy machine), and evicts their pods.
  if (graceMs < 2 * NODE_LEASE_RENEW_MS) logger.warn({ graceMs }, `--node-monitor-grace-period below ${(2 * NODE_LEASE_RENEW_MS) / 1000}s: live nodes will flap to Unknown when one Lease renewal (every ${NODE_LEASE_RENEW_MS / 1000}s) is late`);
  const client = clientFromFlags(values, 'skiff-controller-manager');
  const manager = new ControllerManager({
    client,
    logger,
    controllers: values.controllers,
    leaderElection: values['leader-elect'] !== 'false',
    options: {
      nodeMonitorGracePeriodMs: graceMs,
      serviceCidr: values['service-cluster-ip-range'],
      nodePortRange: parsePortRange(values['service-node-port-range']),
      workers: Math.max(1, Number(values['concurrent-syncs']) || 4),
    },
    onLostLeadership: () => {
      logger.error('leader election lost');
      process.exit(1);
    },
  });
  const metricsPort = Number(values['metrics-port']);
  const metrics = metricsPort > 0 ? await manager.metrics.serve(metricsPort, values['metrics-bind-address']) : undefined;
  await manager.start();
  logger.info({ identity: manager.identity, metricsPort: metrics?.port }, 'controller-manager started');
  const stop = (): void => {
    void manager.stop().then(() => {
      metrics?.server.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return manager;
}

/** `50`, `50s`, `2m`, `1500ms` → milliseconds. */
export function durationMs(v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v.trim());
  if (!m) throw new Error(`invalid duration "${v}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`controller-manager: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
