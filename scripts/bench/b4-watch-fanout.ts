/**
 * B4 (performance.md §6): watch fan-out. Three processes besides this orchestrator's bookkeeping:
 * the api-server (lib/server-process.ts), one watcher-client process holding every watch, and one
 * writer process producing paced churn. Cases (each RUNS times, fresh watchers, median by p99):
 *   - 100 watchers over HTTP chunked watch (what kubectl/client-go use) at 100 / 500 / 1,000 events/s
 *   - 1,000 HTTP watchers at 100 events/s (100k deliveries/s), plus the server's RSS with 1,000
 *     idle watchers
 *   - 100 watchers over WebSocket at 100 / 500 / 1,000 events/s
 * Churn: half the events are pod creates (POST, ~1.5 KiB), half merge-PATCHes of 100 existing
 * pods, sent open-loop on a fixed schedule (up to 64 in flight). Each write carries its send time
 * (performance.timeOrigin + now(), µs resolution, same clock in every process) in the annotation
 * skiff-bench/ts; a watcher's latency is receipt time minus that stamp. That is write-start →
 * receipt: an upper bound of commit → receipt that includes the write's own request path (the
 * writer's POST/PATCH latency is printed beside it). Watchers find the stamp with indexOf rather
 * than JSON.parse, to keep the client's CPU for the server on 2 cores.
 * Drops = events acknowledged to the writer × watchers − events received (after a 3 s drain).
 *
 *   node scripts/bench/b4-watch-fanout.ts     BENCH_RUNS=3 BENCH_SECONDS=3
 * Targets: moonshot 100 × 1,000 events/s at p99 ≤ 50 ms; 1,000 idle watchers ≤ 200 MB RSS.
 * Baseline 100 × 500 events/s at p99 ≤ 100 ms with no drops.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { WebSocket } from 'ws';
import { Connection, rawRequest } from './lib/http-client.ts';
import { once, sendAll } from './lib/load.ts';
import { machineLine } from './lib/machine.ts';
import { BENCH_NS, namespaceJson, podJson } from './lib/pod.ts';
import { RUNS, SECONDS } from './lib/config.ts';
import { procCpuSeconds, startServerProcess } from './lib/server.ts';
import { fmt, medianOf, Samples, type Summary } from './lib/stats.ts';
import { printTable } from './lib/table.ts';

const now = (): number => performance.timeOrigin + performance.now();
const MARK = '"skiff-bench/ts":"';
const UPDATE_PODS = 100;
const podsPath = `/api/v1/namespaces/${BENCH_NS}/pods`;
const updateName = (i: number): string => `churn-${String(i).padStart(3, '0')}`;

type Msg = Record<string, unknown> & { cmd: string };
const role = process.argv[process.argv.indexOf('--role') + 1];
if (process.argv.includes('--role') && role === 'watchers') watcherRole();
else if (process.argv.includes('--role') && role === 'writer') writerRole();
else await orchestrate();

// ---------------------------------------------------------------------------------------------
// watcher-client process

function watcherRole(): void {
  const lat = new Samples();
  let received = 0;
  let closed = 0;
  let errs = 0;
  const handles: { close(): void }[] = [];
  const onText = (text: string, t: number): void => {
    let i = text.indexOf(MARK);
    while (i >= 0) {
      const s = i + MARK.length;
      const e = text.indexOf('"', s);
      lat.push(t - Number(text.slice(s, e)));
      received++;
      i = text.indexOf(MARK, e);
    }
  };
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const tlsAgent = new https.Agent({ keepAlive: false, maxSockets: Infinity, rejectUnauthorized: false });
  const openHttp = (url: string, token: string): Promise<void> =>
    new Promise((resolve, reject) => {
      // Resolves once the request is on the wire: a watch from a resourceVersion may hold its
      // response headers until the first frame, and it replays from that revision anyway.
      const req = (url.startsWith('https:') ? https : http).get(url, { agent: url.startsWith('https:') ? tlsAgent : agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (res) => {
        if (res.statusCode !== 200) {
          errs++;
          process.stderr.write(`watch: HTTP ${res.statusCode}\n`);
          return;
        }
        res.setEncoding('utf8');
        let carry = '';
        res.on('data', (chunk: string) => {
          const t = now();
          const nl = chunk.lastIndexOf('\n');
          if (nl < 0) {
            carry += chunk;
            return;
          }
          onText(carry + chunk.slice(0, nl), t);
          carry = chunk.slice(nl + 1);
        });
        res.on('end', () => closed++);
        res.on('error', () => errs++);
      });
      req.on('finish', () => resolve());
      req.on('error', (e) => {
        errs++;
        reject(e);
      });
      handles.push({ close: () => req.destroy() });
    });
  const openWs = (url: string, token: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url.replace(/^http/, 'ws'), { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false, rejectUnauthorized: false });
      ws.on('open', () => resolve());
      ws.on('message', (data) => onText(String(data), now()));
      ws.on('close', () => closed++);
      ws.on('error', (e) => {
        errs++;
        reject(e);
      });
      handles.push({ close: () => ws.terminate() });
    });
  process.on('message', (m: Msg) => {
    void (async () => {
      if (m.cmd === 'open') {
        const open = m['transport'] === 'ws' ? openWs : openHttp;
        const n = m['n'] as number;
        // open in batches so 1,000 connects do not all queue in the listen backlog at once
        for (let k = 0; k < n; k += 100) await Promise.all(Array.from({ length: Math.min(100, n - k) }, () => open(m['url'] as string, m['token'] as string)));
        await new Promise((r) => setTimeout(r, 300)); // let the server register them
        process.send!({ cmd: 'opened', errors: errs });
      } else if (m.cmd === 'reset') {
        lat.length = 0;
        received = 0;
      } else if (m.cmd === 'report') {
        process.send!({ cmd: 'report', received, closed, errors: errs, lat: m['full'] ? lat.summary() : undefined });
      } else if (m.cmd === 'close') {
        for (const h of handles) h.close();
        setTimeout(() => process.exit(0), 50);
      }
    })().catch((e: unknown) => {
      process.stderr.write(`watchers: ${String(e)}\n`);
      process.exit(1);
    });
  });
  process.send!({ cmd: 'ready' });
}

// ---------------------------------------------------------------------------------------------
// writer process: open-loop paced churn

function writerRole(): void {
  process.on('message', (m: Msg) => {
    if (m.cmd !== 'run') return;
    const url = new URL(m['url'] as string);
    const token = m['token'] as string;
    const rate = m['rate'] as number;
    const seconds = m['seconds'] as number;
    const tag = m['tag'] as string;
    const total = Math.round(rate * seconds);
    const idle: Connection[] = Array.from({ length: 64 }, () => new Connection(url.hostname, Number(url.port), url.protocol === 'https:'));
    const lat = new Samples();
    let ok = 0;
    let errs = 0;
    let next = 0;
    let maxLag = 0;
    let inflight = 0;
    let firstError = '';
    const t0 = now() + 20;
    const send = (k: number, c: Connection): void => {
      const ts = now();
      maxLag = Math.max(maxLag, ts - (t0 + (k * 1000) / rate));
      const annotations = { 'skiff-bench/ts': ts.toFixed(3) };
      const raw =
        k % 2 === 0
          ? rawRequest('POST', podsPath, url.host, token, podJson(`${tag}-${k}`, annotations))
          : rawRequest('PATCH', `${podsPath}/${updateName(k % UPDATE_PODS)}`, url.host, token, JSON.stringify({ metadata: { annotations } }), { 'content-type': 'application/merge-patch+json' });
      inflight++;
      c.request(raw).then(
        (res) => {
          inflight--;
          idle.push(c);
          lat.push(now() - ts);
          if (res.status < 300) ok++;
          else {
            errs++;
            firstError ||= `${res.status} ${res.body?.slice(0, 200) ?? ''}`;
          }
          pump();
        },
        (e: unknown) => {
          inflight--;
          errs++;
          firstError ||= String(e);
          pump();
        },
      );
    };
    const finish = (): void => {
      for (const c of idle) c.close();
      process.send!({ cmd: 'done', ok, errors: errs, firstError, achieved: ok / ((now() - t0) / 1000), maxLag, lat: lat.summary() });
    };
    let timer: NodeJS.Timeout | undefined;
    function pump(): void {
      const t = now();
      while (next < total && t0 + (next * 1000) / rate <= t && idle.length) send(next++, idle.pop()!);
      if (next >= total) {
        if (inflight === 0) finish();
        return;
      }
      if (!timer) {
        const wait = Math.max(0, t0 + (next * 1000) / rate - now());
        timer = setTimeout(() => {
          timer = undefined;
          pump();
        }, wait);
      }
    }
    pump();
  });
  process.send!({ cmd: 'ready' });
}

// ---------------------------------------------------------------------------------------------
// orchestrator

function child(roleName: string): Promise<{ proc: ChildProcess; ask(m: Msg, reply: string): Promise<Msg> }> {
  const proc = fork(import.meta.filename, ['--role', roleName], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (m: Msg, reply: string): Promise<Msg> =>
    new Promise((resolve, reject) => {
      const on = (r: Msg): void => {
        if (r.cmd !== reply) return;
        proc.off('message', on);
        proc.off('exit', ex);
        resolve(r);
      };
      const ex = (code: number | null): void => reject(new Error(`${roleName} process exited (${code})`));
      proc.on('message', on);
      proc.once('exit', ex);
      if (m.cmd !== '') proc.send(m);
    });
  return ask({ cmd: '' }, 'ready').then(() => ({ proc, ask }));
}

interface CaseResult {
  lat: Summary;
  delivered: number;
  drops: number;
  closed: number;
  achieved: number;
  writeLat: Summary;
  cpu: { server: number; watchers: number; writer: number };
  idleRss?: { before: number; after: number };
}

async function orchestrate(): Promise<void> {
  process.stdout.write(`\n### B4 — Watch fan-out\n\n${machineLine()}\n`);
  process.stdout.write(`\nEach case: ${RUNS} runs of ${SECONDS} s of paced churn (half creates, half merge-patches), a fresh api-server per case, fresh watchers per run; median run by p99.\n`);
  const cases = [
    { transport: 'http', watchers: 100, rate: 100 },
    { transport: 'http', watchers: 100, rate: 500 },
    { transport: 'http', watchers: 100, rate: 1000 },
    { transport: 'http', watchers: 1000, rate: 100 },
    { transport: 'ws', watchers: 100, rate: 100 },
    { transport: 'ws', watchers: 100, rate: 500 },
    { transport: 'ws', watchers: 100, rate: 1000 },
  ] as const;
  const rows: (string | number)[][] = [];
  let idle: { before: number; after: number } | undefined;
  let caseNo = 0;
  for (const c of cases) {
    caseNo++;
    const server = await startServerProcess({ synchronous: 'NORMAL' });
    try {
      const ns = await once(server.url, server.token, { method: 'POST', path: '/api/v1/namespaces', body: namespaceJson() });
      if (ns.status !== 201) throw new Error(`creating namespace: ${ns.status} ${ns.body}`);
      await sendAll(server.url, server.token, UPDATE_PODS, 10, (i) => ({ method: 'POST', path: podsPath, body: podJson(updateName(i)) }));
      const res = await medianOf(
        RUNS,
        async (run): Promise<CaseResult> => {
          const list = await once(server.url, server.token, { method: 'GET', path: `${podsPath}?limit=1` });
          const rv = (JSON.parse(list.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
          const watchers = await child('watchers');
          const writer = await child('writer');
          try {
            const rssBefore = server.rss();
            await watchers.ask({ cmd: 'open', transport: c.transport, n: c.watchers, token: server.token, url: `${server.url}${podsPath}?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=600` }, 'opened');
            let idleRss: CaseResult['idleRss'];
            if (c.watchers === 1000 && run === 0) {
              await new Promise((r) => setTimeout(r, 1000));
              idleRss = { before: rssBefore, after: server.rss() };
            }
            const cpu0 = { server: server.cpuSeconds(), watchers: procCpuSeconds(watchers.proc.pid!), writer: procCpuSeconds(writer.proc.pid!) };
            const t0 = performance.now();
            const done = (await writer.ask({ cmd: 'run', url: server.url, token: server.token, rate: c.rate, seconds: SECONDS, tag: `w${caseNo}-r${run}` }, 'done')) as Msg & { ok: number; errors: number; firstError: string; achieved: number; lat: Summary };
            const sendSeconds = (performance.now() - t0) / 1000;
            if (done.errors) process.stderr.write(`B4 writer: ${done.errors} errors, e.g. ${done.firstError}\n`);
            const expected = done.ok * c.watchers;
            let rep = (await watchers.ask({ cmd: 'report' }, 'report')) as Msg & { received: number; closed: number };
            const drainEnd = performance.now() + 3000;
            while (rep.received < expected && rep.closed < c.watchers && performance.now() < drainEnd) {
              await new Promise((r) => setTimeout(r, 50));
              rep = (await watchers.ask({ cmd: 'report' }, 'report')) as Msg & { received: number; closed: number };
            }
            const wall = (performance.now() - t0) / 1000;
            const cpu = {
              server: (server.cpuSeconds() - cpu0.server) / wall,
              watchers: (procCpuSeconds(watchers.proc.pid!) - cpu0.watchers) / wall,
              writer: (procCpuSeconds(writer.proc.pid!) - cpu0.writer) / wall,
            };
            const full = (await watchers.ask({ cmd: 'report', full: true }, 'report')) as Msg & { received: number; closed: number; lat: Summary };
            return {
              lat: full.lat,
              delivered: full.received / sendSeconds,
              drops: Math.max(0, expected - full.received),
              closed: full.closed,
              achieved: done.achieved,
              writeLat: done.lat,
              cpu,
              ...(idleRss ? { idleRss } : {}),
            };
          } finally {
            watchers.proc.send({ cmd: 'close' });
            writer.proc.kill();
            await new Promise((r) => watchers.proc.once('exit', r));
          }
        },
        (r) => r.lat.p99,
      );
      const m = res.median;
      idle = res.runs.find((r) => r.idleRss)?.idleRss ?? idle;
      const targetOk = c.watchers === 100 && c.rate === 1000 ? (m.lat.p99 <= 50 && m.drops === 0 ? 'met (p99 ≤ 50 ms)' : `missed (p99 ≤ 50 ms)`) : c.watchers === 100 && c.rate === 500 ? (m.lat.p99 <= 100 && m.drops === 0 ? 'baseline met (p99 ≤ 100 ms, no drops)' : 'baseline missed') : '';
      rows.push([
        c.transport === 'ws' ? 'WebSocket' : 'HTTP chunked',
        c.watchers,
        `${c.rate} (${fmt.rate(m.achieved)})`,
        fmt.ms(m.lat.p50),
        fmt.ms(m.lat.p99),
        fmt.ms(m.lat.max),
        fmt.rate(m.delivered),
        m.drops,
        m.closed,
        `${fmt.ms(m.writeLat.p50)} / ${fmt.ms(m.writeLat.p99)}`,
        `${(m.cpu.server * 100).toFixed(0)}% / ${(m.cpu.watchers * 100).toFixed(0)}% / ${(m.cpu.writer * 100).toFixed(0)}%`,
        targetOk,
        res.runs.map((r) => fmt.ms(r.lat.p99)).join(' / '),
      ]);
    } finally {
      await server.stop();
    }
  }
  printTable(
    'Watch fan-out: write-start → receipt at every watcher (synchronous=NORMAL)',
    ['transport', 'watchers', 'events/s target (achieved)', 'p50', 'p99', 'max', 'deliveries/s', 'drops', 'streams closed', 'write p50 / p99', 'CPU server / watchers / writer', 'target', 'runs (p99)'],
    rows,
  );
  if (idle) {
    printTable('1,000 idle HTTP watchers: api-server RSS', ['RSS before', 'RSS with 1,000 watches open (1 s later)', 'per watcher', 'target'], [
      [fmt.mb(idle.before), fmt.mb(idle.after), `${((idle.after - idle.before) / 1000 / 1024).toFixed(1)} KiB`, idle.after <= 200 * 1048576 ? 'met (≤ 200 MB)' : 'missed (≤ 200 MB)'],
    ]);
  }
}
