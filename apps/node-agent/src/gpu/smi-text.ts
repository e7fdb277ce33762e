/**
 * Driver and CUDA versions from the plain-text outputs, for when the XML is unusable:
 * `nvidia-smi --version` (R525 and later) and, failing that, the banner of plain `nvidia-smi`
 * ("| NVIDIA-SMI 580.159.04   Driver Version: 580.159.04   CUDA Version: 13.0 |").
 * Also `/proc/driver/nvidia/version`, the kernel module's version, which is what the
 * user-space libraries must match.
 */
export interface Versions {
  driverVersion?: string;
  cudaVersion?: string;
}

export function parseSmiVersion(text: string): Versions {
  const out: Versions = {};
  const driver = /^DRIVER version\s*:\s*(\S+)/m.exec(text)?.[1];
  const cuda = /^CUDA Version\s*:\s*(\S+)/m.exec(text)?.[1];
  if (driver) out.driverVersion = driver;
  if (cuda) out.cudaVersion = cuda;
  return out;
}

export function parseSmiBanner(text: string): Versions {
  const out: Versions = {};
  const driver = /Driver Version:\s*([\d.]+)/.exec(text)?.[1];
  const cuda = /CUDA Version:\s*([\d.]+)/.exec(text)?.[1];
  if (driver) out.driverVersion = driver;
  if (cuda) out.cudaVersion = cuda;
  return out;
}

/** "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.159.04  Release Build …" */
export function parseKernelModuleVersion(text: string): string | undefined {
  return /^NVRM version:.*?\s(\d+\.\d+(?:\.\d+)?)\s/m.exec(text)?.[1];
}
