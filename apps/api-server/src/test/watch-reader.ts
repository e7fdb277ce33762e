/** Reads a chunked watch stream event by event (the way kubectl and client-go do). */
import WebSocket from 'ws';

export interface WatchEventJson {
  type: string;
  object: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface EventStream {
  status: number;
  next(timeoutMs?: number): Promise<WatchEventJson | undefined>; // undefined = stream ended
  close(): void;
}

export async function httpWatch(base: string, token: string, path: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const ac = new AbortController();
  const res = await fetch(base + path, { headers: { authorization: `Bearer ${token}`, ...headers }, signal: ac.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const queue: WatchEventJson[] = [];
  let ended = false;
  async function fill(): Promise<void> {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      return;
    }
    buf += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.trim()) queue.push(JSON.parse(line) as WatchEventJson);
    }
  }
  return {
    status: res.status,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length === 0 && !ended) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('timed out waiting for a watch event');
        await Promise.race([fill(), new Promise((r) => setTimeout(r, left))]);
      }
      return queue.shift();
    },
    close: () => ac.abort(),
  };
}

export async function wsWatch(base: string, token: string, path: string): Promise<EventStream> {
  const ws = new WebSocket(base.replace(/^http/, 'ws') + path, { headers: { authorization: `Bearer ${token}` } });
  const queue: WatchEventJson[] = [];
  let ended = false;
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  ws.on('message', (d) => {
    queue.push(JSON.parse(d.toString()) as WatchEventJson);
    wake();
  });
  ws.on('close', () => {
    ended = true;
    wake();
  });
  let status = 101;
  await new Promise<void>((resolve) => {
    ws.on('open', () => resolve());
    ws.on('unexpected-response', (_req, res) => {
      status = res.statusCode ?? 0;
      ended = true;
      resolve();
    });
    ws.on('error', () => {
      ended = true;
      resolve();
    });
  });
  return {
    status,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length === 0 && !ended) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('timed out waiting for a watch event');
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, left);
        });
      }
      return queue.shift();
    },
    close: () => ws.close(),
  };
}
