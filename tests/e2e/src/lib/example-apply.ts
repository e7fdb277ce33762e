/**
 * examples/web/ and examples/indexed-job.yaml on a real-engine cluster, the steps both
 * skiff-up.test.ts and compose-cluster.test.ts take: apply the files unchanged with the real
 * kubectl, see the web pods Running on the cluster's nodes, see the Indexed Job complete, and
 * delete it all again, waiting until the pods are gone so a later `app=web` in the same file
 * finds only its own. How the Service is reached stays in each file (they differ in where the
 * data path runs). The images are the engine's own or the stand-ins of example-images.ts.
 *
 * examples/gpu/ is left out: it needs NVIDIA images and GPUs, and examples.test.ts covers it
 * in-process with the fake runtime.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { eventually, type Kubectl } from './kubectl.ts';

const EXAMPLES = resolve(fileURLToPath(new URL('../../../../examples', import.meta.url)));
export const WEB_DIR = join(EXAMPLES, 'web');
export const INDEXED_JOB = join(EXAMPLES, 'indexed-job.yaml');

/** The nginx default page's title: what the real nginx:1.27 and its stand-in both serve. */
export const NGINX_TITLE = '<title>Welcome to nginx!</title>';

export async function applyExamples(k: Kubectl): Promise<void> {
  for (const f of [WEB_DIR, INDEXED_JOB]) {
    const r = await k(['apply', '-f', f]);
    expect(r.code, r.stderr).toBe(0);
  }
}

/** Waits for the 3 web replicas to be Running on `nodes`; answers pod name → node. */
export async function webPodsRunningOn(k: Kubectl, nodes: string[]): Promise<Map<string, string>> {
  const rolled = await k(['rollout', 'status', 'deployment/web', '--timeout=120s'], { timeoutMs: 130_000 });
  const look = async () => `${(await k(['get', 'pods', '-o', 'wide'])).stdout}${(await k(['describe', 'pods', '-l', 'app=web'])).stdout.slice(-2000)}`;
  expect(rolled.code, `${rolled.stdout}${rolled.stderr}${rolled.code === 0 ? '' : await look()}`).toBe(0);
  const running = await eventually(async () => {
    const r = await k(['get', 'pods', '-l', 'app=web', '-o', 'json']);
    const items = (JSON.parse(r.stdout) as { items: { metadata: { name: string; deletionTimestamp?: string }; spec: { nodeName?: string }; status?: { phase?: string } }[] }).items;
    const live = items.filter((p) => !p.metadata.deletionTimestamp);
    return live.length === 3 && live.every((p) => p.status?.phase === 'Running') ? new Map(live.map((p) => [p.metadata.name, p.spec.nodeName ?? ''])) : undefined;
  }, 60_000, 500);
  for (const node of running.values()) expect(nodes).toContain(node);
  return running;
}

/** `kubectl wait` for the Indexed Job, then each index's line in its pods' logs. */
export async function shardsComplete(k: Kubectl): Promise<void> {
  const w = await k(['wait', '--for=condition=complete', 'job/shards', '--timeout=120s'], { timeoutMs: 130_000 });
  expect(w.code, `${w.stderr}${w.code === 0 ? '' : (await k(['describe', 'job/shards'])).stdout}`).toBe(0);
  expect(w.stdout).toBe('job.batch/shards condition met\n');
  expect((await k(['get', 'job', 'shards', '-o', 'jsonpath={.status.succeeded}'])).stdout).toBe('3');
  const lines = await eventually(async () => {
    const r = await k(['logs', '-l', 'job-name=shards']);
    const got = r.stdout.trim().split('\n').sort();
    return r.code === 0 && got.length === 3 ? got : undefined;
  }, 30_000, 500);
  expect(lines).toEqual([0, 1, 2].map((i) => `processing shard ${i} of 3`));
}

/** `kubectl delete -f` of both, then until no pod of theirs is left (not even terminating). */
export async function deleteExamples(k: Kubectl): Promise<void> {
  const d = await k(['delete', '-f', WEB_DIR, '-f', INDEXED_JOB, '--ignore-not-found', '--wait=true', '--timeout=90s'], { timeoutMs: 100_000 });
  expect(d.code, d.stderr).toBe(0);
  await eventually(async () => {
    const r = await k(['get', 'pods', '-l', 'app=web', '-o', 'name']);
    const j = await k(['get', 'pods', '-l', 'job-name=shards', '-o', 'name']);
    return r.code === 0 && j.code === 0 && r.stdout.trim() === '' && j.stdout.trim() === '';
  }, 90_000, 500);
}

/**
 * Applies examples/web/ and examples/indexed-job.yaml, runs `body` (which may start a pod named
 * example-client), then deletes that pod and the examples down to their last pod. When `body`
 * failed, its failure is the message, not a slow cleanup's.
 */
export async function withExamples(k: Kubectl, body: () => Promise<void>): Promise<void> {
  await applyExamples(k);
  let passed = false;
  try {
    await body();
    passed = true;
  } finally {
    await k(['delete', 'pod', 'example-client', '--ignore-not-found', '--wait=false']);
    await deleteExamples(k).catch((e: unknown) => {
      if (passed) throw e;
    });
  }
}
