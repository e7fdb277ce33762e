/**
 * What skiff-node-agent.service runs: the node agent with its flags taken from the environment
 * (the unit's EnvironmentFile), so the join token never appears in the process's command line
 * (/proc/PID/cmdline is world-readable; /proc/PID/environ is not).
 *   SKIFF_SERVER, SKIFF_TOKEN, SKIFF_CA (required), SKIFF_NODE_NAME, SKIFF_AGENT_DATA_DIR,
 *   SKIFF_AGENT_ARGS (more node-agent flags, space-separated, e.g. "--service-proxy off")
 */
import { main } from '../../apps/node-agent/src/main.ts';

export function agentArgs(env: NodeJS.ProcessEnv): string[] {
  const need = (k: string): string => {
    const v = env[k];
    if (!v) throw new Error(`${k} is not set (see /etc/skiff/node-agent.env)`);
    return v;
  };
  return [
    '--server', need('SKIFF_SERVER'),
    '--token', need('SKIFF_TOKEN'),
    '--certificate-authority', need('SKIFF_CA'),
    ...(env['SKIFF_NODE_NAME'] ? ['--node-name', env['SKIFF_NODE_NAME']] : []),
    ...(env['SKIFF_AGENT_DATA_DIR'] ? ['--data-dir', env['SKIFF_AGENT_DATA_DIR']] : []),
    ...(env['SKIFF_AGENT_ARGS'] ?? '').split(/\s+/).filter(Boolean),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await main(agentArgs(process.env));
  } catch (e) {
    process.stderr.write(`node-agent: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
