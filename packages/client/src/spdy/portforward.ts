/**
 * The port-forward protocol on top of SPDY (`portforward.k8s.io`, client-go
 * tools/portforward/portforward.go and kubelet cri/streaming/portforward/httpstream.go): per
 * forwarded connection the client opens an error stream and then a data stream, both with
 * headers `streamtype`, `port` and `requestid`. The data stream carries the TCP bytes both
 * ways; the server writes a failure as text on the error stream and closes it.
 */
import type { SpdyHeaders } from './header-block.ts';
import type { SpdySession } from './session.ts';
import type { SpdyStream } from './stream.ts';

export const PORTFORWARD_PROTOCOL = 'portforward.k8s.io';
/** The WebSocket subprotocol kubectl 1.31+ offers: SPDY tunnelled in binary messages. */
export const PORTFORWARD_WEBSOCKET_PROTOCOL = `SPDY/3.1+${PORTFORWARD_PROTOCOL}`;

export type ForwardStreamType = 'error' | 'data';

export type ForwardHeaders = { ok: true; type: ForwardStreamType; port: number; requestId: string } | { ok: false; message: string };

/** The kubelet's checks on a new stream (httpStreamReceived); a refused stream is reset. */
export function forwardHeaders(streamId: number, h: SpdyHeaders): ForwardHeaders {
  const portText = h['port'] ?? '';
  if (!portText) return { ok: false, message: '"port" header is required' };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port <= 65535)) return { ok: false, message: `unable to parse "${portText}" as a port` };
  if (port < 1) return { ok: false, message: `port "${portText}" must be > 0` };
  const type = h['streamtype'] ?? '';
  if (!type) return { ok: false, message: '"streamType" header is required' };
  if (type !== 'error' && type !== 'data') return { ok: false, message: `invalid stream type "${type}"` };
  // Clients older than request ids open the pair back to back: error stream n, data stream n+2.
  const requestId = h['requestid'] || String(type === 'error' ? streamId : streamId - 2);
  return { ok: true, type, port, requestId };
}

export interface ForwardPair {
  error: SpdyStream;
  data: SpdyStream;
}

/** Client side of one forwarded connection: error stream (closed for writing at once, as kubectl does), then data stream. */
export async function openForwardPair(session: SpdySession, port: number, requestId: number): Promise<ForwardPair> {
  const headers = { streamtype: 'error', port: String(port), requestid: String(requestId) };
  const error = await session.openStream(headers);
  error.end();
  try {
    const data = await session.openStream({ ...headers, streamtype: 'data' });
    return { error, data };
  } catch (e) {
    error.reset();
    throw e;
  }
}

/** Everything the server writes on the error stream (empty when the forward went well). */
export function readErrorStream(error: SpdyStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    error.on('data', (d: Buffer) => (text += d.toString('utf8')));
    error.once('end', () => resolve(text));
    error.once('close', () => resolve(text));
  });
}
