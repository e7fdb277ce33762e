/**
 * The host folder a wired pod's container mounts at /.skiff (net-wait.ts): the static
 * busybox its first program runs on, and one marker per container attempt, written by the
 * agent once that attempt's network is up. It lives in the pod's folder, so it goes with the
 * pod. busybox is a hard link to the agent's own copy (one inode for every pod, no 2 MB per
 * pod), copied when a link is not possible.
 */
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Put a copy of `busybox` at `target` through a rename, so containers still running the old
 * copy keep their inode (overwriting a running executable fails with ETXTBSY).
 */
export function installBusybox(busybox: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  copyFileSync(busybox, tmp);
  chmodSync(tmp, 0o755);
  renameSync(tmp, target);
}

export type FolderResult = { ok: true } | { ok: false; message: string };

/** Make the pod's folder ready for one attempt: busybox in place, that attempt's marker absent. */
export function prepareWaitFolder(busybox: string, dir: string, marker: string): FolderResult {
  try {
    mkdirSync(dir, { recursive: true });
    // Any user the pod runs as must reach busybox and the markers.
    chmodSync(dir, 0o755);
    const bin = join(dir, 'busybox');
    if (!existsSync(bin)) {
      try {
        linkSync(busybox, bin);
      } catch {
        copyFileSync(busybox, bin);
        chmodSync(bin, 0o755);
      }
    }
    rmSync(join(dir, marker), { force: true });
    return { ok: true };
  } catch (e) {
    return { ok: false, message: `preparing ${dir}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export const markUp = (dir: string, marker: string): void => writeFileSync(join(dir, marker), '', { mode: 0o644 });
export const isMarkedUp = (dir: string, marker: string): boolean => existsSync(join(dir, marker));
