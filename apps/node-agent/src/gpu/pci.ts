/**
 * PCI addresses come in two spellings: nvidia-smi's `00000000:0B:00.0` (8-digit domain,
 * upper case) and sysfs's `0000:0b:00.0`. Everything inside Skiff uses the sysfs form.
 */
export function normalisePciBusId(id: string): string {
  const m = /^(?:([0-9a-fA-F]{1,8}):)?([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})\.([0-7])$/.exec(id.trim());
  if (!m) return id.trim().toLowerCase();
  // Domains above 0xffff (VMD) keep all their digits, as sysfs prints them.
  const domain = parseInt(m[1] ?? '0', 16).toString(16).padStart(4, '0');
  return `${domain}:${m[2]!.padStart(2, '0')}:${m[3]!.padStart(2, '0')}.${m[4]}`.toLowerCase();
}
