/**
 * Test double for a node agent's GET /stats/resource: HTTPS on a fresh self-signed
 * certificate, answering whatever `stats` holds (a 404 Status when unset), or never
 * answering (`hang`), or with a non-JSON body (`garbage`). Records each request's
 * Authorization header so tests can check the caller's token was passed on.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTls } from '../../auth/certs.ts';
import type { AgentStats } from './agent-stats.ts';

export interface FakeStatsAgent {
  port: number;
  fingerprint: string;
  stats: AgentStats | undefined;
  mode: 'answer' | 'hang' | 'garbage';
  seen: Array<string | undefined>;
  close(): Promise<void>;
}

export async function startFakeStatsAgent(stats?: AgentStats): Promise<FakeStatsAgent> {
  const dir = mkdtempSync(join(tmpdir(), 'fake-stats-agent-'));
  const tls = ensureTls(dir, ['127.0.0.1']);
  rmSync(dir, { recursive: true, force: true });
  const agent: FakeStatsAgent = { port: 0, fingerprint: new X509Certificate(tls.certPem).fingerprint256.replace(/:/g, '').toLowerCase(), stats, mode: 'answer', seen: [], close: async () => undefined };
  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    agent.seen.push(req.headers.authorization);
    if (agent.mode === 'hang') return;
    if (agent.mode === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"nodeName": 42');
    if (req.url !== '/stats/resource' || !agent.stats) {
      return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: 'this node agent does not collect resource stats' }));
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(agent.stats));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  agent.port = (server.address() as AddressInfo).port;
  agent.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return agent;
}
