/** Shared by this app's tests: fixed machine facts, a client for a test server, polling, the busybox test image. */
import { readFileSync } from 'node:fs';
import type { ContainerStatus, Pod } from '@skiff/api';
import { RestClient } from '@skiff/client';
import type { TestServer } from '@skiff/testing';
import type { NodeFacts, PressureFacts, StaticFacts } from './node/facts.ts';
import type { ContainerRuntime } from './runtime/runtime.ts';
import { PODS } from './refs.ts';

export const STATIC_FACTS: StaticFacts = {
  hostname: 'test-host',
  internalIP: '192.0.2.10',
  cpuCores: 4,
  memoryBytes: 8 * 1024 ** 3,
  kernelVersion: '6.1.0-test',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  operatingSystem: 'linux',
  architecture: 'amd64',
  machineID: 'm1',
  systemUUID: 'u1',
  bootID: 'b1',
};

export class FixedFacts implements NodeFacts {
  pressureFacts: PressureFacts = { memoryAvailableBytes: 4 * 1024 ** 3, diskAvailableBytes: 50e9, diskTotalBytes: 100e9, pidsInUse: 300, pidMax: 4_194_304 };
  async static(): Promise<StaticFacts> {
    return STATIC_FACTS;
  }
  async pressure(): Promise<PressureFacts> {
    return this.pressureFacts;
  }
}

export function clientFor(server: TestServer): RestClient {
  return new RestClient({ server: server.url, token: server.token });
}

/** Poll `fn` until it returns a value that is not undefined/false, or fail with the last value seen. */
export async function eventually<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Pod helpers of the real-Docker agent tests: one node, the `default` namespace, the first container's status. */
export function podTestHelpers(server: () => TestServer, node: string, waitMs = 20_000) {
  const getPod = (name: string): Promise<Pod> => clientFor(server()).get<Pod>(PODS, name, { namespace: 'default' });
  const cs = (p: Pod): ContainerStatus | undefined => p.status?.containerStatuses?.[0];
  return {
    getPod,
    cs,
    waitPod: (name: string, pred: (p: Pod) => boolean, what: string, ms = waitMs): Promise<Pod> =>
      eventually(async () => {
        const p = await getPod(name);
        return pred(p) ? p : undefined;
      }, ms, `${name}: ${what}`),
    createPod: (name: string, spec: Partial<NonNullable<Pod['spec']>>): Promise<Pod> =>
      clientFor(server()).create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: node, containers: [], ...spec } } as Pod),
    containerId: (p: Pod): string => cs(p)!.containerID!.replace('docker://', ''),
  };
}

/**
 * The busybox test image real-Docker tests run (FROM scratch + the host's static busybox, its
 * applets installed), built once per engine when absent: no registry is needed.
 */
export async function ensureTestImage(runtime: ContainerRuntime, image: string): Promise<void> {
  if (await runtime.inspectImage(image)) return;
  await runtime.buildImage(image, {
    Dockerfile: { content: 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nCMD ["/bin/sh"]\n' },
    busybox: { content: readFileSync('/bin/busybox'), mode: 0o755 },
  }, { 'io.skiff.test': 'true' });
}
