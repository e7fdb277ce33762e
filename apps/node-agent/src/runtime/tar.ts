/**
 * A minimal ustar writer: enough to hand Docker a build context (a Dockerfile and a
 * static binary) without a tar dependency or a registry.
 */
export interface TarEntry {
  name: string;
  content: Buffer;
  mode: number;
}

function header(e: TarEntry): Buffer {
  const h = Buffer.alloc(512, 0);
  const field = (value: string, offset: number, length: number): void => {
    h.write(value, offset, Math.min(Buffer.byteLength(value), length), 'ascii');
  };
  const octal = (n: number, length: number): string => n.toString(8).padStart(length - 1, '0') + '\0';
  if (Buffer.byteLength(e.name) > 100) throw new Error(`tar: name too long: ${e.name}`);
  field(e.name, 0, 100);
  field(octal(e.mode & 0o7777, 8), 100, 8);
  field(octal(0, 8), 108, 8); // uid
  field(octal(0, 8), 116, 8); // gid
  field(octal(e.content.length, 12), 124, 12);
  field(octal(0, 12), 136, 12); // mtime: fixed, so the same context builds the same layer
  field('        ', 148, 8); // checksum placeholder (spaces while summing)
  field('0', 156, 1); // regular file
  field('ustar\0', 257, 6);
  field('00', 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  field(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

export function tarArchive(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(header(e), e.content);
    const pad = (512 - (e.content.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}
