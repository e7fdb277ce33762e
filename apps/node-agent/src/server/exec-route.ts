/**
 * /exec/{namespace}/{pod}/{container}?command=…&stdin&stdout&stderr&tty over WebSocket
 * (channels.ts). Everything that can fail before the command runs (bad query, unknown or
 * stopped container) is answered as an HTTP Status before the upgrade, so the api-server
 * relays it as is. Afterwards: stdin/resize/close-signal in, stdout/stderr out, the exit
 * code as a Status on channel 3, then a normal close.
 */
import type { IncomingMessage } from 'node:http';
import { finished } from 'node:stream/promises';
import type { WebSocket } from 'ws';
import type { ExecDriver, ExecOptions, ExecSession } from '../runtime/exec.ts';
import type { ContainerRuntime } from '../runtime/runtime.ts';
import { CLOSE, ERROR, errorStatus, exitStatus, frame, parseResize, RESIZE, STDERR, STDIN, STDOUT } from './channels.ts';
import { findContainer, type ContainerRef } from './containers.ts';
import { AgentError } from './errors.ts';
import { flag, type Query } from './query.ts';

export interface ExecDeps {
  runtime: ContainerRuntime;
  nodeName: string;
  exec: ExecDriver;
}

export function execOptions(q: Query): ExecOptions {
  const o: ExecOptions = { cmd: q.getAll('command'), stdin: flag(q, 'stdin'), stdout: flag(q, 'stdout'), stderr: flag(q, 'stderr'), tty: flag(q, 'tty') };
  if (o.cmd.length === 0) throw new AgentError(400, 'BadRequest', 'you must specify at least one command for the container');
  if (!o.stdin && !o.stdout && !o.stderr) throw new AgentError(400, 'BadRequest', 'you must specify at least 1 of stdin, stdout, stderr');
  if (o.tty && o.stderr) o.stderr = false; // a terminal has one output stream; the kubelet drops stderr too
  return o;
}

/** Checks before the upgrade; returns the container id to exec in. */
export async function prepareExec(d: ExecDeps, ref: ContainerRef): Promise<string> {
  const c = await findContainer(d.runtime, d.nodeName, ref);
  if (c.state !== 'running') throw new AgentError(400, 'BadRequest', `container ${ref.container} is not running (state: ${c.state})`);
  return c.id;
}

export function runExec(d: ExecDeps, ws: WebSocket, containerId: string, o: ExecOptions, _req: IncomingMessage): void {
  let session: ExecSession | undefined;
  const early: Buffer[] = []; // kubectl sends the terminal size before the exec exists
  const onMessage = (m: Buffer): void => {
    if (!session) return void early.push(m);
    const ch = m[0];
    const payload = m.subarray(1);
    if (ch === STDIN && payload.length) session.writeStdin(payload);
    else if (ch === RESIZE) {
      const size = parseResize(payload);
      if (size) void session.resize(size.width, size.height);
    } else if (ch === CLOSE && payload[0] === STDIN) session.closeStdin();
  };
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => onMessage(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)));
  ws.on('close', () => session?.abort());
  const send = (ch: number, b: Buffer | string): void => {
    if (ws.readyState === ws.OPEN) ws.send(frame(ch, b));
  };
  void (async () => {
    try {
      session = await d.exec(containerId, o);
      session.stdout.on('data', (b: Buffer) => send(STDOUT, b));
      session.stderr.on('data', (b: Buffer) => send(STDERR, b));
      for (const m of early.splice(0)) onMessage(m);
      const code = await session.exited;
      await Promise.all([finished(session.stdout).catch(() => undefined), finished(session.stderr).catch(() => undefined)]);
      send(ERROR, exitStatus(code, o.cmd));
    } catch (e) {
      send(ERROR, errorStatus(`Internal error occurred: error executing command in container: ${e instanceof Error ? e.message : String(e)}`));
    }
    if (ws.readyState === ws.OPEN) ws.close(1000);
  })();
}
