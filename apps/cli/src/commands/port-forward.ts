/**
 * `skiff port-forward TYPE/NAME|POD [LOCAL:]REMOTE... [--address a,b]`: kubectl 1.32's
 * port-forward. One SPDY session tunnelled in a WebSocket to pods/<name>/portforward
 * (@skiff/client spdy/, the agent's end in node-agent server/port-forwarder.ts); each local
 * connection opens an error and a data stream. Output and failures read as kubectl's:
 * `Forwarding from 127.0.0.1:8080 -> 80`, `Handling connection for 8080`; an error from the
 * pod side ends the session (`error: lost connection to pod`, exit 1); Ctrl-C ends it with 0.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Command } from 'commander';
import { dialPortForward, UpgradeRefused } from '@skiff/client/spdy/dial';
import { openForwardPair, readErrorStream } from '@skiff/client/spdy/portforward';
import type { SpdySession } from '@skiff/client/spdy/session';
import type { CommandContext, Register } from '../context.ts';
import type { Loose } from '../describe/format.ts';
import { CliError } from '../errors.ts';
import { joinHostPort, parseAddresses, parsePorts, type ForwardedPort, type ListenAddress } from './port-forward-args.ts';
import { forwardTarget } from './port-forward-target.ts';
import { stopRequested } from '../stop-signal.ts';

interface Flags {
  address: string[];
}

async function dial(ctx: CommandContext, pod: Loose): Promise<SpdySession> {
  const client = ctx.connection().client;
  const url = client.url(`/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace)}/pods/${encodeURIComponent(pod.metadata.name)}/portforward`).replace(/^http/, 'ws');
  const t = client.tls;
  try {
    return await dialPortForward(url, { headers: client.authHeaders(), ca: t.ca, cert: t.cert, key: t.key, rejectUnauthorized: !t.insecureSkipTlsVerify });
  } catch (e) {
    if (!(e instanceof UpgradeRefused)) throw e;
    let message = e.body.trim();
    try {
      message = (JSON.parse(e.body) as { message?: string }).message ?? message;
    } catch {
      // not a Status: the body as it came
    }
    throw new CliError(`error: error upgrading connection: ${message}`);
  }
}

function listenOn(a: ListenAddress, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Half-open: a client that has sent everything (FIN) still gets the pod's answer.
    const s = createServer({ allowHalfOpen: true });
    s.once('error', reject);
    s.listen({ host: a.address, port, ipv6Only: a.family === 6, exclusive: true }, () => resolve(s));
  });
}

/** kubectl's listenOnPort: every address for one port, `port.local` fixed by the first random pick. */
async function listenOnPort(ctx: CommandContext, addresses: ListenAddress[], port: ForwardedPort): Promise<Server[]> {
  const servers: Server[] = [];
  const errors: string[] = [];
  const failed = { all: 0, any: 0 };
  let allOk = 0;
  for (const a of addresses) {
    try {
      const s = await listenOn(a, port.local);
      port.local = (s.address() as { port: number }).port;
      ctx.out(`Forwarding from ${joinHostPort(a.address, port.local)} -> ${port.remote}\n`);
      servers.push(s);
      if (a.failureMode === 'all') allOk++;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      errors.push(`unable to create listener: Error listen tcp${a.family} ${joinHostPort(a.address, port.local)}: ${err.code === 'EADDRINUSE' ? 'bind: address already in use' : err.message}`);
      failed[a.failureMode]++;
    }
  }
  if ((allOk === 0 && failed.all > 0) || failed.any > 0) {
    ctx.err(`Unable to listen on port ${port.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]\n`);
    for (const s of servers) s.close();
    return [];
  }
  return servers;
}

/** One local connection: kubectl's handleConnection. Resolves to the error the pod side reported, if any. */
async function handleConnection(ctx: CommandContext, session: SpdySession, sock: Socket, port: ForwardedPort, requestId: number): Promise<string> {
  ctx.out(`Handling connection for ${port.local}\n`);
  sock.on('error', () => undefined); // a local reset ends this connection only (below)
  let pair;
  try {
    pair = await openForwardPair(session, port.remote, requestId);
  } catch (e) {
    if (!session.closed) ctx.err(`error creating forwarding stream for port ${port.local} -> ${port.remote}: ${e instanceof Error ? e.message : String(e)}\n`);
    sock.destroy();
    return '';
  }
  const { error, data } = pair;
  const errorText = readErrorStream(error);
  data.pipe(sock); // the pod's FIN ends the local socket, after what it wrote
  sock.pipe(data); // and the local FIN half-closes the data stream
  await new Promise<void>((done) => {
    data.once('end', done);
    data.once('close', done);
    sock.once('error', () => done());
  });
  data.reset(); // as kubectl: drop what is still in flight, so the error stream can finish
  sock.end(() => sock.destroy());
  return errorText;
}

async function runPortForward(ctx: CommandContext, target: string, specs: string[], f: Flags): Promise<void> {
  if (!specs.length) throw new CliError("error: TYPE/NAME and list of ports are required for port-forward\nSee 'skiff port-forward -h' for help and examples");
  const { pod, ports: translated } = await forwardTarget(ctx, target, specs);
  if (pod.status?.phase !== 'Running') throw new CliError(`error: unable to forward port because pod is not running. Current status=${pod.status?.phase ?? ''}`);
  const addresses = parseAddresses(f.address);
  const ports = parsePorts(translated);
  const session = await dial(ctx, pod);
  const lost = new Promise<void>((r) => session.once('close', () => r()));
  let nextRequest = 0;
  let failure = false;
  const servers: Server[] = [];
  for (const port of ports) {
    const ss = await listenOnPort(ctx, addresses, port);
    for (const s of ss) {
      s.on('connection', (sock: Socket) => {
        void handleConnection(ctx, session, sock, port, nextRequest++).then((message) => {
          if (!message) return;
          ctx.err(`an error occurred forwarding ${port.local} -> ${port.remote}: ${message}\n`);
          failure = true;
          session.close(); // kubectl gives up on the whole session, as a real cluster's users expect
        });
      });
    }
    servers.push(...ss);
  }
  try {
    if (!servers.length) throw new CliError(`error: unable to listen on any of the requested ports: [${ports.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`);
    const stopped = await Promise.race([stopRequested(ctx).then(() => true), lost.then(() => false)]);
    if (!stopped || failure) throw new CliError('error: lost connection to pod');
  } finally {
    for (const s of servers) s.close();
    session.close();
  }
}

export const registerPortForward: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('port-forward')
    .description('Forward one or more local ports to a pod')
    .argument('<target>', 'TYPE/NAME or POD (pod/NAME, deployment/NAME, service/NAME, ...)')
    .argument('[ports...]', '[LOCAL_PORT:]REMOTE_PORT; :REMOTE_PORT picks a random local port')
    .option('--address <addresses>', 'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, skiff will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.', (v: string, prev: string[] | undefined) => [...(prev ?? []), v], undefined)
    .action((target: string, ports: string[], f: Partial<Flags>) => runPortForward(ctx, target, ports, { address: f.address ?? ['localhost'] }));
};
