/**
 * One node agent's latest resource sample: GET /stats/resource on its kubelet port (the
 * shape is node-agent's stats/types.ts), over the TLS connection pinned to the certificate
 * the Node published, with the caller's token (the agent checks it can read the Node).
 *
 * Everything has one short deadline: metrics are asked of the agents on each request, and a
 * node that does not answer in time is left out (as metrics-server leaves out a node it
 * could not scrape), not waited for. The body is checked against the schema below before
 * anything in it is used: it comes from another machine.
 */
import { request, type IncomingMessage } from 'node:http';
import type { ServerContext } from '../../context.ts';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { dialAgent } from '../subresources/agent-dial.ts';
import { agentFailure, readBody } from '../subresources/agent-status.ts';
import { dialError, nodeEndpoint } from '../subresources/pod-backend.ts';

export const STATS_TIMEOUT_MS = 3_000;
const MAX_BODY = 16 * 1024 * 1024;

const num = Type.Number({ minimum: 0 });
const opt = Type.Optional;
const window = { timestamp: Type.String(), windowSeconds: num };
const holder = Type.Object({ namespace: Type.String(), pod: Type.String(), container: Type.String() });

export const GpuUseSchema = Type.Object({
  uuid: Type.String(),
  index: Type.Integer({ minimum: 0 }),
  name: Type.String(),
  utilizationPercent: opt(num),
  memoryUsedBytes: opt(num),
  memoryTotalBytes: opt(num),
  simulated: Type.Boolean(),
  holders: Type.Array(holder),
});

export const PodUseSchema = Type.Object({
  ...window,
  namespace: Type.String(),
  name: Type.String(),
  uid: Type.String(),
  containers: Type.Array(Type.Object({ name: Type.String(), cpuUsageNanoCores: num, memoryWorkingSetBytes: num, gpus: Type.Array(Type.String()) })),
});

export const AgentStatsSchema = Type.Object({
  nodeName: Type.String(),
  node: opt(Type.Object({ ...window, cpuUsageNanoCores: num, memoryWorkingSetBytes: num })),
  pods: Type.Array(PodUseSchema),
  gpus: Type.Object({
    source: Type.String(),
    readAt: opt(Type.String()),
    problem: opt(Type.Object({ reason: Type.String(), message: Type.String() })),
    devices: Type.Array(GpuUseSchema),
  }),
});

export type AgentStats = Static<typeof AgentStatsSchema>;
export type PodUse = Static<typeof PodUseSchema>;
export type GpuUse = Static<typeof GpuUseSchema>;

export async function fetchAgentStats(ctx: ServerContext, nodeName: string, authorization: string | undefined, timeoutMs = STATS_TIMEOUT_MS): Promise<AgentStats> {
  const ep = nodeEndpoint(ctx, nodeName);
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    const sock = await Promise.race([
      dialAgent(ep.host, ep.port, ep.fingerprint),
      new Promise<never>((_, reject) => ac.signal.addEventListener('abort', () => reject(dialError(`dial tcp ${ep.host}:${ep.port}: i/o timeout`)))),
    ]);
    ac.signal.addEventListener('abort', () => sock.destroy());
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ method: 'GET', host: ep.host, port: ep.port, path: '/stats/resource', headers: authorization ? { authorization } : {}, createConnection: () => sock, signal: ac.signal }, resolve);
      req.on('error', (e) => reject(dialError(e.message)));
      req.end();
    });
    const body = await readBody(res, MAX_BODY);
    if (res.statusCode !== 200) throw agentFailure(res.statusCode ?? 502, body);
    const parsed: unknown = JSON.parse(body);
    if (!Value.Check(AgentStatsSchema, parsed)) throw new Error(`node ${nodeName} answered /stats/resource with something else: ${[...Value.Errors(AgentStatsSchema, parsed)][0]?.message ?? 'invalid'}`);
    if (parsed.nodeName !== nodeName) throw new Error(`node ${nodeName} answered with the stats of node ${parsed.nodeName}`);
    return parsed;
  } finally {
    clearTimeout(timer);
  }
}

/** Every node's stats that arrived in time, by node name; the others are logged and left out. */
export async function fetchStatsOfNodes(ctx: ServerContext, nodeNames: Iterable<string>, authorization: string | undefined): Promise<Map<string, AgentStats>> {
  const names = [...new Set(nodeNames)];
  const settled = await Promise.allSettled(names.map((n) => fetchAgentStats(ctx, n, authorization)));
  const out = new Map<string, AgentStats>();
  settled.forEach((r, i) => {
    if (r.status === 'fulfilled') out.set(names[i]!, r.value);
    else ctx.log.debug({ node: names[i], err: r.reason }, 'no resource stats from node');
  });
  return out;
}
