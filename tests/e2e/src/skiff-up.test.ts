/**
 * `skiff up` end to end, as a user runs it: the real CLI in its own process on a temporary data
 * folder and port, every component in it, the node agent on this machine's Docker engine with
 * the Service data path on, driven by the real kubectl through the kubeconfig it wrote.
 * Shown: examples/web/ and examples/indexed-job.yaml applied unchanged (the web pods Running on
 * this node, their Service answering a client pod by name, the Indexed Job complete; GPU examples
 * are left out, see lib/example-apply.ts), a Deployment behind a Service answers a client pod by
 * name (cluster DNS + proxy, ready replicas only), a Job completes, `logs -f` follows a container to its end, `exec` returns the
 * command's exit code, and Ctrl-C stops it cleanly (exit 0, checked after the tests).
 *
 * Needs Docker, the local test image (scripts/images/build-test-images.sh; nginx:1.27 and
 * busybox:1.36 are built from it as stand-ins when missing, lib/example-images.ts), kubectl 1.32 and root
 * (the data path adds ClusterIPs to lo); skipped with a reason otherwise, unless
 * SKIFF_REQUIRE_DOCKER=1 (CI), where that fails.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, haveKubectl, kubectlFor, tempDir, type Kubectl } from './lib/kubectl.ts';
import { NGINX_TITLE, shardsComplete, webPodsRunningOn, withExamples } from './lib/example-apply.ts';
import { ensureExampleImages } from './lib/example-images.ts';
import { webDeployment } from './lib/web-manifests.ts';
import { expectExecExitCodes, expectLogsFollowToTheEnd } from './lib/stream-checks.ts';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const MAIN = join(ROOT, 'apps/cli/src/main.ts');
const IMAGE = 'skiff-test/busybox:1';

function problem(): string | undefined {
  try {
    execFileSync('docker', ['image', 'inspect', IMAGE], { stdio: 'pipe', timeout: 20_000 });
  } catch (e) {
    return `docker or ${IMAGE} is missing: ${(e as Error).message.split('\n')[0]}`;
  }
  if (!haveKubectl) return 'kubectl 1.32 is not installed';
  if (process.getuid?.() !== 0) return 'not root: the Service data path cannot add ClusterIPs';
  return undefined;
}

const missing = problem();
const required = process.env['SKIFF_REQUIRE_DOCKER'] === '1';
if (missing && !required) console.warn(`skipping skiff up e2e: ${missing}; set SKIFF_REQUIRE_DOCKER=1 to make this a failure`);

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

/**
 * A one-shot busybox pod that fetches http://web.default:80/ then http://web/ (ten tries a
 * second apart): the Service answering by both names. Its final phase and logs.
 */
async function fetchWebByName(k: Kubectl, name: string): Promise<{ phase: string; logs: string }> {
  const pod = `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  containers:
  - name: wget
    image: ${IMAGE}
    imagePullPolicy: Never
    command: [sh, -c, 'for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://web.default:80/ && wget -qO- http://web/ && exit 0; sleep 1; done; exit 1']
`;
  expect((await k(['apply', '-f', '-'], { stdin: pod })).code).toBe(0);
  const phase = await eventually(async () => {
    const p = (await k(['get', 'pod', name, '-o', 'jsonpath={.status.phase}'])).stdout;
    return p === 'Succeeded' || p === 'Failed' ? p : undefined;
  }, 90_000, 500);
  return { phase, logs: (await k(['logs', name])).stdout };
}

const MANIFESTS = `${webDeployment(IMAGE)}---
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  completions: 2
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: main, image: ${IMAGE}, imagePullPolicy: Never, command: [sh, -c, 'echo done']}
`;

let child: ChildProcess | undefined;
let out = '';
let dataDir = '';
let k: Kubectl;

describe.skipIf(missing && !required)('skiff up, end to end on Docker', () => {
  beforeAll(async () => {
    if (missing) throw new Error(`SKIFF_REQUIRE_DOCKER=1 but ${missing}`);
    await ensureExampleImages();
    dataDir = tempDir('skiff-up-e2e-');
    const port = await freePort();
    child = spawn(process.execPath, [MAIN, 'up', '--data-dir', dataDir, '--port', String(port)], { env: { ...process.env, KUBECONFIG: undefined } });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await eventually(() => out.includes('kubectl get nodes'), 30_000, 200).catch(() => {
      throw new Error(`skiff up did not start:\n${out}`);
    });
    k = kubectlFor(join(dataDir, 'kubeconfig'));
    await eventually(async () => (await k(['get', 'nodes'])).stdout.includes(' Ready '), 60_000, 500);
  }, 120_000);

  afterAll(async () => {
    if (!child) return;
    // Pods first (a stopped agent leaves its containers running for the next start to adopt).
    await k(['delete', 'deployment,job,pod', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 }).catch(() => undefined);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((done) => (child!.exitCode !== null ? done(child!.exitCode) : child!.on('exit', done)));
    expect(code, out.slice(-2000)).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  // First, and deleted down to the last pod: the names (web, app=web) are those of the next case.
  it('examples/web/ and examples/indexed-job.yaml as applied: pods Running on the node, the Service answers by name, the Job completes', async () => {
    const nodes = (await k(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout.split(' ');
    await withExamples(k, async () => {
      await webPodsRunningOn(k, nodes);
      const { phase, logs } = await fetchWebByName(k, 'example-client');
      expect(phase, logs).toBe('Succeeded');
      // Two pages (by namespace-qualified name, then by short name), each nginx's default one.
      expect(logs.split(NGINX_TITLE)).toHaveLength(3);
      await shardsComplete(k);
    });
  }, 420_000);

  it('a client pod reaches the Deployment through its Service by name; a Job completes', async () => {
    expect((await k(['apply', '-f', '-'], { stdin: MANIFESTS })).code).toBe(0);
    const rolled = await k(['rollout', 'status', 'deployment/web', '--timeout=90s'], { timeoutMs: 100_000 });
    expect(rolled.code, rolled.stdout + rolled.stderr).toBe(0);
    const done = await k(['wait', '--for=condition=complete', 'job/once', '--timeout=90s'], { timeoutMs: 100_000 });
    expect(done.stdout, done.stderr).toBe('job.batch/once condition met\n');

    const { phase, logs } = await fetchWebByName(k, 'client');
    expect(phase, logs).toBe('Succeeded');
    // Two answers (by namespace-qualified name, then by short name), each from a web replica.
    expect(logs.trim().split('\n')).toEqual([expect.stringMatching(/^hello from web-[a-z0-9]+-[a-z0-9]{5}$/), expect.stringMatching(/^hello from web-[a-z0-9]+-[a-z0-9]{5}$/)]);
    // Run as root (CI), the agent wired those one-container pods itself (apps/node-agent/src/netwire):
    // the Service, its DNS name and the pod-to-pod traffic above went through its veths.
    if (process.getuid?.() === 0) {
      const wired = execFileSync('docker', ['ps', '-q', '--filter', 'label=io.skiff.pod-net=veth', '--filter', 'label=io.kubernetes.container.name=httpd'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
      expect(wired.length).toBeGreaterThanOrEqual(2);
    }
  }, 240_000);

  it('logs -f follows a container to its end; exec returns the exit code', async () => {
    await expectLogsFollowToTheEnd(k, IMAGE);
    await expectExecExitCodes(k, (await k(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout);
  }, 120_000);
});
