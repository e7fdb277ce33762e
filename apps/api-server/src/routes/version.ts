/** /version: minor ≥ 32 so the kubectl dispatcher on these machines runs kubectl 1.32 (k8s-api.md 0). */
export const SKIFF_VERSION = '0.1.0';

export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '32',
    gitVersion: `v1.32.0-skiff.${SKIFF_VERSION}`,
    gitCommit: 'skiff',
    gitTreeState: 'clean',
    buildDate: '2026-11-26T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'skiff',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
