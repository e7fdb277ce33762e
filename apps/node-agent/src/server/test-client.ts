/** Test helper: a kubectl-like exec client speaking the channel protocol over WebSocket. */
import WebSocket from 'ws';

export interface ExecOutcome {
  protocol: string;
  stdout: string;
  stderr: string;
  status: Record<string, unknown> | undefined;
  closeCode: number;
  /** Every received frame's channel byte, in order (to check framing). */
  channels: number[];
}

export interface ExecClientOptions {
  headers?: Record<string, string>;
  protocols?: string[];
  /** Called once open: send stdin/resize/close frames. */
  onOpen?: (send: (channel: number, payload: Buffer | string) => void, ws: WebSocket) => void;
  ca?: string;
}

export function execOverWs(url: string, o: ExecClientOptions = {}): Promise<ExecOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, o.protocols ?? ['v5.channel.k8s.io'], { headers: o.headers ?? {}, rejectUnauthorized: false, ...(o.ca ? { ca: o.ca, rejectUnauthorized: true } : {}) });
    const out: ExecOutcome = { protocol: '', stdout: '', stderr: '', status: undefined, closeCode: 0, channels: [] };
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}: ${body}`), { statusCode: res.statusCode, body })));
    });
    ws.on('error', reject);
    ws.on('open', () => {
      out.protocol = ws.protocol;
      o.onOpen?.((ch, p) => ws.send(Buffer.concat([Buffer.from([ch]), Buffer.from(p)])), ws);
    });
    ws.on('message', (data: Buffer) => {
      const ch = data[0]!;
      out.channels.push(ch);
      const text = data.subarray(1).toString('utf8');
      if (ch === 1) out.stdout += text;
      else if (ch === 2) out.stderr += text;
      else if (ch === 3) out.status = JSON.parse(text) as Record<string, unknown>;
    });
    ws.on('close', (code) => {
      out.closeCode = code;
      resolve(out);
    });
  });
}
