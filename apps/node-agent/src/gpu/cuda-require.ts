/**
 * CUDA images say which driver they need in NVIDIA_REQUIRE_CUDA, e.g.
 *   "cuda>=12.4 brand=tesla,driver>=470,driver<471 brand=unknown,driver>=470,driver<471 …"
 * The NVIDIA hook refuses to start such a container with `unsatisfied condition: cuda>=12.4`
 * after the pull, the create and the start; checking up front turns that into a clear pod event.
 *
 * Only the `cuda` conditions are checked against the host's cuda_version. The brand/driver
 * groups are forward-compatibility alternatives that need the compat package inside the
 * image; when the host is too old the pod is failed here and the message says so.
 * NVIDIA_DISABLE_REQUIRE=true turns the check off, as it does for the hook.
 */
import { problem } from './problems.ts';
import type { GpuProblem } from './types.ts';

export function checkImageCudaRequirement(imageEnv: string[], cudaVersion: string | undefined): GpuProblem | undefined {
  const env = new Map(imageEnv.map((e) => [e.slice(0, Math.max(0, e.indexOf('='))), e.slice(e.indexOf('=') + 1)]));
  if (/^(1|true|yes)$/i.test(env.get('NVIDIA_DISABLE_REQUIRE') ?? '')) return undefined;
  const require = env.get('NVIDIA_REQUIRE_CUDA');
  if (!require || !cudaVersion) return undefined;
  for (const cond of require.split(/[\s,]+/)) {
    const m = /^cuda(>=|<=|==|=|>|<)([\d.]+)$/.exec(cond);
    if (!m) continue;
    if (!holds(compareVersions(cudaVersion, m[2]!), m[1]!))
      return problem('CudaVersionUnsatisfied', `unsatisfied condition: ${cond}: the image needs CUDA ${m[1]}${m[2]} but this node's driver supports CUDA ${cudaVersion}. Update the driver or use an image built for CUDA ≤ ${cudaVersion}.`);
  }
  return undefined;
}

/** Numeric, part by part: 12.10 > 12.9. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function holds(cmp: number, op: string): boolean {
  switch (op) {
    case '>=': return cmp >= 0;
    case '<=': return cmp <= 0;
    case '>': return cmp > 0;
    case '<': return cmp < 0;
    default: return cmp === 0;
  }
}
