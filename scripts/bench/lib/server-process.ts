/**
 * Child-process entry: starts the api-server on a fresh temp data dir and port 0 with a silent
 * logger, prints one JSON line `{"url","token","pid","dataDir"}` on stdout, and runs until
 * SIGTERM/SIGINT or until its stdin closes (the parent died). The data dir is removed on exit.
 *
 *   node scripts/bench/lib/server-process.ts --synchronous NORMAL|FULL [--data-dir DIR] [--keep]
 *
 * Benchmarks spawn it through server.ts so that the server and the load generator never share
 * a JS thread (performance.md: "runs the load generator in a separate process").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startApiServer } from '../../../apps/api-server/src/server.ts';
import { silentLogger } from '../../../packages/logging/src/index.ts';

const { values } = parseArgs({
  options: {
    synchronous: { type: 'string', default: 'NORMAL' },
    'data-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
    'bookmark-interval-ms': { type: 'string' },
  },
});
const sync = values.synchronous.toUpperCase();
if (sync !== 'NORMAL' && sync !== 'FULL') throw new Error(`--synchronous NORMAL|FULL, not ${values.synchronous}`);
const dataDir = values['data-dir'] ?? mkdtempSync(join(process.env['BENCH_DIR'] ?? tmpdir(), 'skiff-bench-'));

const server = await startApiServer({
  dataDir,
  port: 0,
  host: '127.0.0.1',
  synchronous: sync,
  logger: silentLogger('api-server'),
  // Plain HTTP by default, like the anchors in performance.md §5; BENCH_TLS=1 serves HTTPS as kubectl needs.
  tls: process.env['BENCH_TLS'] === '1',
  ...(values['bookmark-interval-ms'] ? { bookmarkIntervalMs: Number(values['bookmark-interval-ms']) } : {}),
});
process.stdout.write(`${JSON.stringify({ url: server.url, token: server.token, pid: process.pid, dataDir })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const hard = setTimeout(() => process.exit(0), 5_000);
  hard.unref();
  try {
    await server.close();
  } finally {
    if (!values.keep && !values['data-dir']) rmSync(dataDir, { recursive: true, force: true });
    process.exit(0); // --cpu-prof writes its profile on this exit
  }
}
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.on('close', () => void stop());
process.stdin.resume();
