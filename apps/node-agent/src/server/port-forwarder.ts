/**
 * The kubelet's side of one port-forward connection (cri/streaming/portforward/httpstream.go):
 * streams arrive in pairs (error + data) sharing a `requestid`; each stream is answered at once
 * (kubectl waits for the SYN_REPLY), and a complete pair dials the pod's address on the
 * requested port and copies bytes both ways, half-closes included. A failure is written on the
 * error stream in the kubelet's words; both streams are then closed. A stream with bad headers
 * is reset, as the kubelet's stream handler rejects it.
 */
import { connect, type Socket } from 'node:net';
import type { Logger } from '@skiff/logging';
import { forwardHeaders } from '@skiff/client/spdy/portforward';
import type { SpdySession } from '@skiff/client/spdy/session';
import type { SpdyStream } from '@skiff/client/spdy/stream';
import { RST } from '@skiff/client/spdy/frames';

export interface ForwardTarget {
  /** Named in error texts, as the kubelet names the pod sandbox. */
  sandboxId: string;
  ip: string;
}

/** How long half a pair may wait for the other half (the kubelet's stream creation timeout). */
const PAIR_TIMEOUT_MS = 30_000;
const DIAL_TIMEOUT_MS = 10_000;

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
  port: number;
  timer: ReturnType<typeof setTimeout>;
}

/** Go's wording for a failed dial, which kubectl users know from real clusters. */
function dialFailure(e: NodeJS.ErrnoException, addr: string): string {
  const why: Record<string, string> = { ECONNREFUSED: 'connect: connection refused', EHOSTUNREACH: 'connect: no route to host', ENETUNREACH: 'connect: network is unreachable', ETIMEDOUT: 'i/o timeout' };
  return `dial tcp ${addr}: ${why[e.code ?? ''] ?? e.message}`;
}

function forward(p: Required<Pair>, t: ForwardTarget, log: Logger): void {
  const { error, data, port } = p;
  const addr = t.ip.includes(':') ? `[${t.ip}]:${port}` : `${t.ip}:${port}`;
  let done = false;
  let connected = false;
  const finish = (failure?: string): void => {
    if (done) return;
    done = true;
    if (failure) {
      log.debug({ port, failure }, 'port-forward failed');
      error.write(`error forwarding port ${port} to pod ${t.sandboxId}, uid : ${failure}`);
    }
    error.end();
    if (!data.writableEnded) data.end();
  };
  // Half-open both ways: each side's FIN is passed on, not taken as the end of the other direction.
  const sock: Socket = connect({ host: t.ip, port, timeout: DIAL_TIMEOUT_MS, allowHalfOpen: true });
  sock.once('timeout', () => sock.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' })));
  sock.once('connect', () => {
    connected = true;
    sock.setTimeout(0);
    sock.setNoDelay(true);
    data.pipe(sock); // the client's FIN half-closes the pod's socket
    sock.pipe(data); // and the pod's FIN ends the data stream
  });
  sock.on('error', (e: NodeJS.ErrnoException) => finish(connected ? undefined : dialFailure(e, addr)));
  sock.once('close', () => finish());
  // A reset from the client (kubectl resets the data stream once the pod has answered) or a dropped connection.
  data.once('close', () => sock.destroy());
}

/** Serve one upgraded connection until it closes. */
export function servePortForward(session: SpdySession, target: ForwardTarget, log: Logger): void {
  const pairs = new Map<string, Pair>();
  session.on('stream', (s) => {
    const h = forwardHeaders(s.id, s.headers);
    if (!h.ok) {
      log.debug({ stream: s.id, reason: h.message }, 'port-forward stream rejected');
      return s.reset(RST.REFUSED_STREAM);
    }
    s.accept();
    let p = pairs.get(h.requestId);
    if (!p) {
      const created: Pair = {
        port: h.port,
        timer: setTimeout(() => {
          pairs.delete(h.requestId);
          created.error?.end(`(request=${h.requestId}) timed out waiting for streams`);
          created.data?.reset();
        }, PAIR_TIMEOUT_MS),
      };
      pairs.set(h.requestId, (p = created));
    }
    if (p[h.type]) {
      if (p.error && !p.error.writableEnded) p.error.write(`error processing stream for request ${h.requestId}: ${h.type} stream already assigned`);
      return s.reset();
    }
    p[h.type] = s;
    if (h.type === 'data') p.port = h.port; // the kubelet dials the data stream's port
    if (h.type === 'error') s.resume(); // the client writes nothing there: drain its FIN
    if (p.error && p.data) {
      clearTimeout(p.timer);
      pairs.delete(h.requestId);
      forward(p as Required<Pair>, target, log);
    }
  });
  session.once('close', () => {
    for (const p of pairs.values()) clearTimeout(p.timer);
    pairs.clear();
  });
}
