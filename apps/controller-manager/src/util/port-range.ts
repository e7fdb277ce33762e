/**
 * `--service-node-port-range` as kube-apiserver takes it: `30000-32767` (inclusive), or a single
 * port. Two clusters on one machine (a compose cluster beside `skiff up`) hold NodePorts on the
 * same host addresses, so each needs its own range.
 */
export function parsePortRange(s: string): [number, number] {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(s);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m ? Number(m[2] ?? m[1]) : NaN;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi > 65535 || lo > hi) {
    throw new Error(`invalid --service-node-port-range "${s}": want FIRST-LAST, ports 1-65535, FIRST <= LAST (e.g. 30000-32767)`);
  }
  return [lo, hi];
}
