/**
 * `nvidia-smi mig -lgi` (the GPU instances that exist) and `mig -lgip` (the profiles a card
 * offers). -lgi is what ties a MIG device's GPU-instance id to its profile id and placement,
 * which NVIDIA's DRA driver puts in the device name; -lgip gives per-profile engine counts.
 * Table rows look like:
 *   |   0  MIG 1g.10gb         19        9          2:1     |      (-lgi)
 *   |   0  MIG 1g.10gb         19     7/7        9.75       No     16     1     0   |   (-lgip)
 *   |                                                               1     1     0   |   (-lgip, 2nd line)
 */
export interface GpuInstance {
  gpu: number;
  profile: string;
  profileId: number;
  instanceId: number;
  placementStart: number;
  placementSize: number;
}

export interface GpuInstanceProfile {
  gpu: number;
  profile: string;
  profileId: number;
  memoryGiB: number;
  multiprocessors: number;
  decoders: number;
  encoders: number;
  copyEngines?: number;
  jpegEngines?: number;
  ofaEngines?: number;
}

export function parseMigInstances(text: string): GpuInstance[] {
  const out: GpuInstance[] = [];
  for (const line of text.split('\n')) {
    const m = /^\|\s+(\d+)\s+MIG\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+):(\d+)\s+\|$/.exec(line.trim());
    if (m) out.push({ gpu: +m[1]!, profile: m[2]!, profileId: +m[3]!, instanceId: +m[4]!, placementStart: +m[5]!, placementSize: +m[6]! });
  }
  return out;
}

export function parseMigProfiles(text: string): GpuInstanceProfile[] {
  const out: GpuInstanceProfile[] = [];
  for (const line of text.split('\n')) {
    const m = /^\|\s+(\d+)\s+MIG\s+(\S+)\s+(\d+)\s+\d+\/\d+\s+([\d.]+)\s+\S+\s+(\d+)\s+(\d+)\s+(\d+)\s+\|$/.exec(line.trim());
    if (m) {
      out.push({ gpu: +m[1]!, profile: m[2]!, profileId: +m[3]!, memoryGiB: +m[4]!, multiprocessors: +m[5]!, decoders: +m[6]!, encoders: +m[7]! });
      continue;
    }
    // The continuation row under each profile: CE, JPEG, OFA.
    const c = /^\|\s+(\d+)\s+(\d+)\s+(\d+)\s+\|$/.exec(line.trim());
    const last = out.at(-1);
    if (c && last && last.copyEngines === undefined) {
      last.copyEngines = +c[1]!;
      last.jpegEngines = +c[2]!;
      last.ofaEngines = +c[3]!;
    }
  }
  return out;
}

/** /proc/driver/nvidia-caps/mig-minors: `gpu0/gi2/access 21`, `gpu0/gi2/ci0/access 22`. */
export function parseMigMinors(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(\d+)$/.exec(line.trim());
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}
