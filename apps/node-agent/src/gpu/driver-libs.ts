/**
 * The driver's own files for the raw passthrough path, found on this host rather than
 * assumed (the H100 had them in /usr/local/nvidia/lib64; distributions differ). `ldconfig -p`
 * lists every copy the loader knows, best first; a copy is taken when its realpath ends in
 * `.so.<driverVersion>`, which is what keeps a stale library from an older driver out of the
 * container (the "Driver/library version mismatch" a pod would otherwise hit).
 */
import { posix } from 'node:path';
import { EXIT_NOT_FOUND } from './host-runner.ts';
import { problem } from './problems.ts';
import type { DriverLibs, GpuProblem, ToolRunner } from './types.ts';

/** Required for CUDA and nvidia-smi; the rest are bound when present. */
const REQUIRED = ['libnvidia-ml.so.1', 'libcuda.so.1'];
const OPTIONAL = [/^libnvidia-ptxjitcompiler\.so\.1$/, /^libnvidia-nvvm\.so\.\d+$/, /^libnvidia-gpucomp\.so\.[\d.]+$/];

export function parseLdconfig(text: string): { name: string; path: string }[] {
  const out: { name: string; path: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\S+)\s+\(([^)]*)\)\s+=>\s+(\S+)/.exec(line);
    // 32-bit copies (libc6 without x86-64/AArch64) would not load in a 64-bit container.
    if (m && /x86-64|AArch64|64bit/.test(m[2]!)) out.push({ name: m[1]!, path: m[3]! });
  }
  return out;
}

export async function findDriverLibs(runner: ToolRunner, driverVersion: string | undefined): Promise<DriverLibs> {
  const problems: GpuProblem[] = [];
  const ld = await runner.run('ldconfig', ['-p'], 5_000);
  const entries = ld.code === 0 ? parseLdconfig(ld.stdout) : [];
  const names = [...new Set(entries.map((e) => e.name))].filter((n) => REQUIRED.includes(n) || OPTIONAL.some((re) => re.test(n)));
  const libs: DriverLibs['libs'] = [];
  for (const name of [...REQUIRED.filter((n) => names.includes(n)), ...names.filter((n) => !REQUIRED.includes(n)).sort()]) {
    const candidates = await Promise.all(entries.filter((e) => e.name === name).map(async (e) => ({ path: e.path, real: await realpath(runner, e.path) })));
    const matching = driverVersion ? candidates.find((c) => c.real.endsWith(`.so.${driverVersion}`)) : undefined;
    // No copy proves its version (a capture has no links, or the files are not symlinks): keep ldconfig's first.
    const unproven = candidates.every((c) => c.real === c.path);
    const pick = matching ?? (unproven || !driverVersion ? candidates[0] : undefined);
    if (pick) libs.push({ hostPath: pick.real, name });
    else problems.push(problem('DriverLibraryVersionMismatch', `No ${name} for driver ${driverVersion}: found ${candidates.map((c) => c.real).join(', ')}. Reinstall the driver's user-space part or reboot.`));
  }
  for (const n of REQUIRED) if (!names.includes(n)) problems.push(problem('DriverLibsMissing', `${n} is not in the loader cache (ldconfig -p): containers on the raw path get no working CUDA/NVML.`));

  const which = await runner.run('which', ['nvidia-smi'], 5_000);
  const out: DriverLibs = { libs };
  const smi = which.code === 0 ? which.stdout.trim().split('\n')[0] : undefined;
  if (smi) out.smi = await realpath(runner, smi);
  else if (which.code !== EXIT_NOT_FOUND || libs.length > 0) problems.push(problem('DriverLibsMissing', 'nvidia-smi is not on PATH: containers on the raw path get no nvidia-smi.'));
  if (problems.length > 0) out.problems = problems;
  return out;
}

/** realpath(3) through the runner, so captures and tests can describe the links. */
export async function realpath(runner: ToolRunner, path: string, depth = 0): Promise<string> {
  const target = await runner.readlink(path);
  if (target === undefined || depth > 16) return path;
  const next = target.startsWith('/') ? target : posix.join(posix.dirname(path), target);
  return realpath(runner, posix.normalize(next), depth + 1);
}
