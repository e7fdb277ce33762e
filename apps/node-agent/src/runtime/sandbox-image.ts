/**
 * The pod sandbox image ("pause" in Kubernetes), built locally from the host's static
 * busybox so no registry is needed: it holds the pod's network namespace and sleeps.
 */
import { readFileSync } from 'node:fs';
import { findStaticBusybox } from '../netwire/static-binary.ts';
import type { ContainerRuntime } from './runtime.ts';

export const SANDBOX_IMAGE = 'skiff-sandbox:1';

/** Make sure the sandbox image exists; build it when missing. Returns the image ref. */
export async function ensureSandboxImage(runtime: ContainerRuntime, busybox?: string): Promise<string> {
  if (await runtime.inspectImage(SANDBOX_IMAGE)) return SANDBOX_IMAGE;
  // Static only: a dynamically linked one would make an image whose every container fails to start.
  const path = busybox ?? findStaticBusybox();
  if (!path) throw new Error(`the pod sandbox image ${SANDBOX_IMAGE} is missing and no static busybox was found to build it (install busybox-static)`);
  await runtime.buildImage(
    SANDBOX_IMAGE,
    {
      Dockerfile: { content: 'FROM scratch\nCOPY busybox /bin/busybox\nENTRYPOINT ["/bin/busybox", "sleep", "2147483647"]\n' },
      busybox: { content: readFileSync(path), mode: 0o755 },
    },
    { 'io.skiff.managed': 'true' },
  );
  return SANDBOX_IMAGE;
}
