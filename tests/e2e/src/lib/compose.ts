/**
 * Running docker compose and Docker from an e2e test (compose-cluster.test.ts): finding the
 * compose tool, shelling out with the repository as cwd, free ports, and clearing what runs of
 * this test left behind when they were killed before their teardown.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
export const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
/** Compose project names of this test: the vitest pid tells a live run from a killed one. */
export const projectFor = (pid: number): string => `skiff-e2e-${pid}`;

/** undefined when the command ran; else one line saying why not. */
export function tryRun(cmd: string, args: string[]): string | undefined {
  try {
    execFileSync(cmd, args, { stdio: 'pipe', timeout: 20_000 });
    return undefined;
  } catch (e) {
    return `${cmd} ${args.join(' ')}: ${(e as Error).message.split('\n')[0]}`;
  }
}

/** `docker compose` (v2) when present, else Debian's docker-compose. */
export function findCompose(): string[] | undefined {
  if (!tryRun('docker', ['compose', 'version'])) return ['docker', 'compose'];
  if (!tryRun('docker-compose', ['version'])) return ['docker-compose'];
  return undefined;
}

export function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeout = 300_000): Promise<string> {
  return new Promise((res, rej) =>
    execFile(cmd, args, { cwd: ROOT, env, timeout, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      err ? rej(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${String(stderr).slice(-3000)}`)) : res(String(stdout)),
    ),
  );
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** A NodePort nobody on this host listens on (node-1 binds it on every host address). */
export async function freeNodePort(): Promise<number> {
  for (;;) {
    const port = 30000 + Math.floor(Math.random() * 2768);
    const free = await new Promise<boolean>((res) => {
      const s = createServer();
      s.once('error', () => res(false));
      s.listen(port, '0.0.0.0', () => s.close(() => res(true)));
    });
    if (free) return port;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Every container still labelled with one of these node names (stopped agents leave their pods running). */
export async function removeNodeContainers(nodes: readonly string[]): Promise<void> {
  for (const node of nodes) {
    const ids = (await sh('docker', ['ps', '-aq', '--filter', `label=io.skiff.node=${node}`]).catch(() => '')).split('\n').filter(Boolean);
    if (ids.length) await sh('docker', ['rm', '-f', ...ids]).catch(() => undefined);
  }
}

/** Clusters of runs that were killed before their teardown (their vitest pid is gone), and their pods. */
export async function removeStaleProjects(composeCmd: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const projects = (await sh('docker', ['ps', '-a', '--filter', 'label=com.docker.compose.project', '--format', '{{.Label "com.docker.compose.project"}}'])).split('\n');
  for (const pid of new Set(projects.map((p) => /^skiff-e2e-(\d+)$/.exec(p)?.[1]).filter((p) => p !== undefined).map(Number))) {
    if (pid === process.pid || alive(pid)) continue;
    await sh(composeCmd[0]!, [...composeCmd.slice(1), '-p', projectFor(pid), '-f', COMPOSE_FILE, 'down', '-v'], env).catch(() => undefined);
    const ids = (await sh('docker', ['ps', '-aq', '--filter', 'label=io.skiff.managed=true']).catch(() => '')).split('\n').filter(Boolean);
    const stale = ids.length ? (await sh('docker', ['inspect', '-f', '{{.Id}} {{index .Config.Labels "io.skiff.node"}}', ...ids])).split('\n').filter((l) => l.split(' ')[1]?.startsWith(`e2e${pid}-`)) : [];
    if (stale.length) await sh('docker', ['rm', '-f', ...stale.map((l) => l.split(' ')[0]!)]).catch(() => undefined);
  }
}
