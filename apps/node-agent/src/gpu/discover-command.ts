/**
 * `skiff node-agent discover [--from DIR] [-o json|yaml] [--node-name NAME] [--timeout MS]`:
 * what this machine's GPUs look like to Skiff, and the ResourceSlice the agent would publish.
 * A diagnosis tool, so it always exits 0 once it ran (problems are printed, not fatal);
 * 2 for a usage error.
 */
import { hostname } from 'node:os';
import { stringify } from 'yaml';
import { captureRunner } from './capture-runner.ts';
import { nodeGpuConditions } from './conditions.ts';
import { discoverGpus } from './discover.ts';
import { hostRunner } from './host-runner.ts';
import { resourceSliceFor } from './slice.ts';
import type { GpuInventory } from './types.ts';

export interface DiscoverIO {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

const USAGE = 'usage: skiff node-agent discover [--from DIR] [-o json|yaml] [--node-name NAME] [--timeout MS]\n';

export async function discoverCommand(argv: string[], io: DiscoverIO): Promise<number> {
  const opts: { from?: string; output?: string; nodeName: string; timeoutMs?: number } = { nodeName: hostname() };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.includes('=') ? [argv[i]!.slice(0, argv[i]!.indexOf('=')), argv[i]!.slice(argv[i]!.indexOf('=') + 1)] : [argv[i]!, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--from') opts.from = value();
    else if (flag === '-o' || flag === '--output') opts.output = value();
    else if (flag === '--node-name') opts.nodeName = value() ?? opts.nodeName;
    else if (flag === '--timeout') opts.timeoutMs = Number(value());
    else if (flag === '-h' || flag === '--help') return io.stdout.write(USAGE), 0;
    else return io.stderr.write(`unknown argument ${flag}\n${USAGE}`), 2;
  }
  if (opts.output !== undefined && opts.output !== 'json' && opts.output !== 'yaml') return io.stderr.write(`-o must be json or yaml\n${USAGE}`), 2;
  if ('from' in opts && !opts.from) return io.stderr.write(`--from needs a folder\n${USAGE}`), 2;

  const runner = opts.from ? captureRunner(opts.from) : hostRunner();
  const inv = await discoverGpus(runner, { captured: Boolean(opts.from), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
  const slice = resourceSliceFor(opts.nodeName, inv, 1);
  const conditions = nodeGpuConditions(inv);
  if (opts.output === 'json') io.stdout.write(JSON.stringify({ inventory: inv, conditions, resourceSlice: slice }, null, 2) + '\n');
  else if (opts.output === 'yaml') io.stdout.write(stringify({ inventory: inv, conditions, resourceSlice: slice }));
  else io.stdout.write(summary(inv, conditions) + '\nResourceSlice this node would publish:\n---\n' + stringify(slice));
  return 0;
}

function summary(inv: GpuInventory, conditions: ReturnType<typeof nodeGpuConditions>): string {
  const lines = [`Source:  ${inv.source}${inv.simulated ? ' (simulated)' : ''}`, `Driver:  ${inv.driverVersion ?? 'unknown'}`, `CUDA:    ${inv.cudaVersion ?? 'unknown'}`, `Devices: ${inv.devices.length}`];
  for (const d of inv.devices) {
    const mem = d.memoryBytes > 0 ? `${Math.round(d.memoryBytes / 2 ** 20)} MiB` : 'memory unknown';
    const kind = d.type === 'mig' ? `MIG ${d.migProfile ?? '?'} of ${d.parentUuid}` : `${d.architecture ?? '?'}, compute ${d.computeCapability ?? '?'}`;
    lines.push(`  [${d.index}] ${d.name}  ${d.uuid}  /dev/nvidia${d.minor}  ${d.pciBusId}  ${mem}  ${kind}  ${d.healthy ? 'healthy' : `UNHEALTHY (${d.problem ?? '?'})`}`);
  }
  lines.push(`Problems: ${inv.problems.length === 0 ? 'none' : ''}`);
  for (const p of inv.problems) lines.push(`  ${p.reason}${p.device ? ` [${p.device}]` : ''}: ${p.message}`);
  if (conditions.length > 0) lines.push('Conditions:');
  for (const c of conditions) lines.push(`  ${c.type}=${c.status} (${c.reason})`);
  return lines.join('\n') + '\n';
}
