/**
 * Finding a busybox that runs inside any container: it must be statically linked, since a
 * `FROM scratch` image or a pod's image may have no (or another) C library. Debian's
 * `busybox` package is dynamic, `busybox-static` is not; both install /bin/busybox.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';

export const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

const PT_INTERP = 3;

/**
 * True for an ELF executable without a program interpreter (PT_INTERP), i.e. one the kernel
 * runs without ld.so. Reads only the headers.
 */
export function isStaticElf(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(64);
    if (readSync(fd, head, 0, 64, 0) < 64 || head.readUInt32BE(0) !== 0x7f454c46) return false;
    const is64 = head[4] === 2;
    const le = head[5] === 1;
    const u16 = (b: Buffer, o: number): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (b: Buffer, o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const phoff = is64 ? Number(le ? head.readBigUInt64LE(0x20) : head.readBigUInt64BE(0x20)) : u32(head, 0x1c);
    const phentsize = u16(head, is64 ? 0x36 : 0x2a);
    const phnum = u16(head, is64 ? 0x38 : 0x2c);
    if (!phnum || phentsize < 8) return false;
    const table = Buffer.alloc(phentsize * phnum);
    if (readSync(fd, table, 0, table.length, phoff) < table.length) return false;
    for (let i = 0; i < phnum; i++) if (u32(table, i * phentsize) === PT_INTERP) return false;
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The first statically linked busybox among `candidates`, or undefined. */
export function findStaticBusybox(candidates: readonly string[] = BUSYBOX_CANDIDATES): string | undefined {
  return candidates.find((p) => existsSync(p) && isStaticElf(p));
}
