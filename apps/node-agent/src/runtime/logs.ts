/**
 * Container log streams from the Docker engine, for the agent's /containerLogs: follow,
 * tail, since and timestamps are the engine's own options (its timestamp prefix is already
 * the kubelet's RFC 3339 nano format). Without a TTY the engine multiplexes stdout and
 * stderr in 8-byte-header frames; the kubelet serves them as one text stream, so do we.
 */
import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { demux } from './docker.ts';

export interface LogOptions {
  follow?: boolean | undefined;
  tailLines?: number | undefined;
  /** Unix seconds: only lines written at or after this time. */
  sinceUnix?: number | undefined;
  timestamps?: boolean | undefined;
}

/** Opens a container's log as a byte stream; destroy it to stop following. */
export type LogSource = (containerId: string, o: LogOptions) => Promise<Readable>;

export function dockerLogSource(docker: Docker): LogSource {
  return async (id, o) => {
    const c = docker.getContainer(id);
    const tty = (await c.inspect()).Config.Tty;
    const base = {
      stdout: true,
      stderr: true,
      timestamps: o.timestamps ?? false,
      ...(o.tailLines !== undefined ? { tail: o.tailLines } : {}),
      ...(o.sinceUnix !== undefined ? { since: o.sinceUnix } : {}),
    };
    const out = new PassThrough();
    if (!o.follow) {
      const buf = Buffer.from((await c.logs({ ...base, follow: false })) as unknown as Buffer);
      out.end(tty ? buf : demux(buf));
      return out;
    }
    const raw = (await c.logs({ ...base, follow: true })) as unknown as Readable;
    if (tty) raw.pipe(out);
    else {
      docker.modem.demuxStream(raw, out, out);
      raw.on('end', () => out.end());
    }
    raw.on('error', (e) => out.destroy(e));
    // The reader going away (client closed `logs -f`) must release the engine's connection.
    out.on('close', () => raw.destroy());
    return out;
  };
}
