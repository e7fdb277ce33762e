/**
 * The few Docker Engine API calls `skiff doctor` makes, over the engine's socket with
 * node:http (the CLI does not carry dockerode): GET /info, and for --run-test-container
 * create → start → wait → logs → remove. DOCKER_HOST is honoured (unix:// or tcp://) the
 * way the docker CLI reads it.
 */
import { request } from 'node:http';

export interface TestContainerSpec {
  image: string;
  cmd: string[];
  env: string[];
  hostConfig: Record<string, unknown>;
}

export interface DockerApi {
  /** Where it talks to, for messages. */
  readonly endpoint: string;
  info(): Promise<Record<string, unknown>>;
  run(spec: TestContainerSpec, timeoutMs: number): Promise<{ exitCode: number; output: string }>;
}

interface Target {
  socketPath?: string;
  host?: string;
  port?: number;
}

function target(dockerHost: string | undefined): { t: Target; endpoint: string } {
  const h = dockerHost || 'unix:///var/run/docker.sock';
  if (h.startsWith('unix://')) return { t: { socketPath: h.slice('unix://'.length) }, endpoint: h };
  const u = new URL(h.replace(/^tcp:/, 'http:'));
  return { t: { host: u.hostname, port: Number(u.port || 2375) }, endpoint: h };
}

export function dockerApi(dockerHost: string | undefined): DockerApi {
  const { t, endpoint } = target(dockerHost);
  const call = (method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request({ ...t, method, path, headers: payload ? { 'Content-Type': 'application/json' } : {}, timeout: timeoutMs }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from ${endpoint} in ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  const json = async (method: string, path: string, body?: unknown, timeoutMs?: number): Promise<Record<string, unknown>> => {
    const r = await call(method, path, body, timeoutMs);
    if (r.status >= 300) throw new Error(`${method} ${path}: HTTP ${r.status}: ${errorText(r.text)}`);
    return r.text ? (JSON.parse(r.text) as Record<string, unknown>) : {};
  };
  return {
    endpoint,
    info: () => json('GET', '/info'),
    async run(spec, timeoutMs) {
      const create = { Image: spec.image, Cmd: spec.cmd, Env: spec.env, HostConfig: spec.hostConfig, Tty: true, Labels: { 'skiff.dev/doctor': 'true' } };
      let made = await call('POST', '/containers/create', create);
      if (made.status === 404) {
        const [name, tag = 'latest'] = spec.image.split(/:(?=[^/]*$)/);
        const pull = await call('POST', `/images/create?fromImage=${encodeURIComponent(name!)}&tag=${encodeURIComponent(tag)}`, undefined, timeoutMs);
        if (pull.status >= 300 || /"error"/.test(pull.text)) throw new Error(`image ${spec.image} is not on this machine and could not be pulled: ${errorText(pull.text)}`);
        made = await call('POST', '/containers/create', create);
      }
      if (made.status >= 300) throw new Error(`creating the container: ${errorText(made.text)}`);
      const id = String((JSON.parse(made.text) as { Id: string }).Id);
      try {
        await json('POST', `/containers/${id}/start`);
        const waited = await json('POST', `/containers/${id}/wait`, undefined, timeoutMs);
        const logs = await call('GET', `/containers/${id}/logs?stdout=1&stderr=1`);
        return { exitCode: Number(waited['StatusCode'] ?? -1), output: logs.text };
      } finally {
        await call('DELETE', `/containers/${id}?force=1`).catch(() => undefined);
      }
    },
  };
}

function errorText(text: string): string {
  try {
    const m = (JSON.parse(text.trim().split('\n').at(-1) ?? '') as { message?: string; error?: string });
    return (m.message ?? m.error ?? text).trim();
  } catch {
    return text.trim();
  }
}
