/**
 * `nvidia-smi -L`: the only source of MIG UUIDs. Lines:
 *   GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-…)
 *     MIG 1g.10gb     Device  0: (UUID: MIG-…)          (R470 and later)
 *     MIG Device 0: (UUID: MIG-GPU-…/1/0)               (older drivers: no profile)
 */
export interface ListedMig {
  deviceIndex: number;
  uuid: string;
  profile?: string;
}

export interface ListedGpu {
  index: number;
  name: string;
  uuid: string;
  migs: ListedMig[];
}

export function parseSmiList(text: string): ListedGpu[] {
  const gpus: ListedGpu[] = [];
  for (const line of text.split('\n')) {
    const g = /^GPU (\d+): (.*?) \(UUID: (GPU-[^)]+)\)/.exec(line.trim());
    if (g) {
      gpus.push({ index: Number(g[1]), name: g[2]!, uuid: g[3]!, migs: [] });
      continue;
    }
    const m = /^MIG\s+(?:(\S+)\s+)?Device\s+(\d+):\s+\(UUID:\s+(MIG-[^)]+)\)/.exec(line.trim());
    const parent = gpus.at(-1);
    if (m && parent) {
      const mig: ListedMig = { deviceIndex: Number(m[2]), uuid: m[3]! };
      if (m[1] && m[1] !== 'Device') mig.profile = m[1];
      parent.migs.push(mig);
    }
  }
  return gpus;
}
