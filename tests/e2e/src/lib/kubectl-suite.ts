/**
 * Shared setup of the kubectl suites (kubectl-get.test.ts, kubectl-write.test.ts): one
 * api-server per test file, serving TLS, with a node and two pods, and helpers to drive it.
 * The `let` bindings are live: test files read them after beforeAll has run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { apiClient, nodeManifest, podManifest, runningStatus, type Api } from './api.ts';
import { kubectlFor, tempDir, type Kubectl } from './kubectl.ts';

export let server: TestServer;
export let api: Api;
export let k: Kubectl;
export let dir: string;

export const NS = 'e2e-get';
export const pods = (ns: string) => `/api/v1/namespaces/${ns}/pods`;
export const deploys = (ns: string) => `/apis/apps/v1/namespaces/${ns}/deployments`;

/** kubectl's tabwriter pads with at least 3 spaces; cells themselves hold at most single spaces. */
export function table(out: string): string[][] {
  return out.split('\n').filter((l) => l.trim() !== '').map((l) => l.trim().split(/ {3,}/));
}
export const row = (t: string[][], name: string, col = 0) => t.find((r) => r[col] === name);
export const AGE = /^\d+s$/;

export function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

export function deployYaml(name: string, image: string, replicas = 1): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: main
        image: ${image}
        ports: [{containerPort: 80}]
      - name: side
        image: busybox:1.36
`;
}

export async function createNamespace(name: string): Promise<void> {
  await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

export async function createPod(ns: string, name: string, labels?: Record<string, string>, spec?: Record<string, unknown>): Promise<void> {
  await api.post(pods(ns), podManifest(name, labels, spec));
}

export async function setRunning(ns: string, name: string, ip?: string, restarts?: number): Promise<void> {
  await api.merge(`${pods(ns)}/${name}/status`, runningStatus(ip, restarts));
}

/** Spawn kubectl and collect its output as it arrives (get -w, wait, delete that blocks). */
export function background(args: string[]) {
  const child = k.spawn(args);
  const out = { stdout: '', stderr: '', code: null as number | null };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (c) => resolve((out.code = c ?? -1))));
  const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
  exited.finally(() => clearTimeout(kill));
  return { child, out, exited };
}

/** Registers the suite's server (TLS, a node, two pods) for the calling test file. */
export function useKubectlSuite(): void {
beforeAll(async () => {
  server = await startTestServer({ tls: true });
  expect(server.url).toMatch(/^https:/);
  dir = tempDir();
  k = kubectlFor(server.kubeconfigPath, dir);
  api = apiClient(() => server.url, server.token, server.caPem);
  await api.post('/api/v1/nodes', nodeManifest('node-1'));
  await createNamespace(NS);
  await createPod(NS, 'web-a', { app: 'web', tier: 'front' }, { nodeName: 'node-1' });
  await setRunning(NS, 'web-a', '10.244.0.7', 2);
  await createPod(NS, 'web-b', { app: 'web' });
});

afterAll(async () => {
  await server?.close();
});
}

/** A Deployment body for the API (what the YAML above decodes to). */
export function yamlishDeploy(name: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'main', image: 'nginx:1.27' }, { name: 'side', image: 'busybox:1.36' }] },
      },
    },
  };
}
