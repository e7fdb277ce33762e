/**
 * How GPUs get into containers on this node, chosen once from the engine's GET /info, so a
 * pod never meets `could not select device driver "nvidia"` (seen on the H100 with Debian's
 * docker.io 20.10, which has no NVIDIA runtime). Preference, best first:
 *   cdi            the engine resolves `nvidia.com/gpu=<uuid>` itself (Docker ≥ 25 with CDI spec dirs
 *                  holding an nvidia spec; Docker ≥ 28.2 lists them as DiscoveredDevices)
 *   nvidia-runtime the NVIDIA hook/runtime is registered (`Runtimes.nvidia`)
 *   raw            device nodes + read-only driver binds, which works on any engine
 *   env-only       simulated GPUs: nothing real to pass, only the env a GPU pod would see
 * The caller picks env-only: an inventory is simulated or not, the engine cannot tell.
 */
import type { ToolRunner } from './types.ts';

export type PassthroughMode = 'cdi' | 'nvidia-runtime' | 'raw' | 'env-only';

export interface PassthroughOptions {
  /** Whether one of the engine's CDISpecDirs holds an nvidia.com/gpu spec (see findNvidiaCdiSpec). */
  nvidiaCdiSpec?: boolean;
  /** The inventory is simulated (--simulate-gpus): always env-only. */
  simulated?: boolean;
}

export function passthroughModeFromDockerInfo(info: unknown, opts: PassthroughOptions = {}): PassthroughMode {
  if (opts.simulated) return 'env-only';
  const body = isRecord(info) ? info : {};
  const discovered = Array.isArray(body['DiscoveredDevices']) ? body['DiscoveredDevices'] : [];
  if (discovered.some((d) => isRecord(d) && d['Source'] === 'cdi' && typeof d['ID'] === 'string' && d['ID'].startsWith('nvidia.com/gpu='))) return 'cdi';
  if (cdiSpecDirs(info).length > 0 && opts.nvidiaCdiSpec) return 'cdi';
  if (isRecord(body['Runtimes']) && 'nvidia' in body['Runtimes']) return 'nvidia-runtime';
  return 'raw';
}

/** The engine's CDI spec folders; empty when CDI is off or the engine predates it. */
export function cdiSpecDirs(info: unknown): string[] {
  const dirs = isRecord(info) ? info['CDISpecDirs'] : undefined;
  return Array.isArray(dirs) ? dirs.filter((d): d is string => typeof d === 'string') : [];
}

/** Whether any spec in those folders declares `kind: nvidia.com/gpu` (what nvidia-ctk cdi generate writes). */
export async function findNvidiaCdiSpec(runner: ToolRunner, dirs: string[]): Promise<boolean> {
  for (const dir of dirs) {
    for (const name of await runner.readdir(dir)) {
      if (!/\.(ya?ml|json)$/.test(name)) continue;
      const text = (await runner.readFile(`${dir}/${name}`)) ?? '';
      if (/["']?kind["']?\s*:\s*["']?nvidia\.com\/gpu["']?/.test(text)) return true;
    }
  }
  return false;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
