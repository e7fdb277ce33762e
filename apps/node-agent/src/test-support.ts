/** Shared by this app's tests: fixed machine facts, a client for a test server, polling, the busybox test image. */
import { readFileSync } from 'node:fs';
import { RestClient } from '@skiff/client';
import type { TestServer } from '@skiff/testing';
import type { NodeFacts, PressureFacts, StaticFacts } from './node/facts.ts';
import type { ContainerRuntime } from './runtime/runtime.ts';

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
