/** The kubeconfig written next to the data at first start: what kubectl and skiff point at. */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export function renderKubeconfig(server: string, token: string, caPem?: string, name = 'skiff'): string {
  const cluster: Record<string, string> = { server };
  if (caPem) cluster['certificate-authority-data'] = Buffer.from(caPem).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name: `${name}-admin`, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  });
}

export function writeKubeconfig(path: string, server: string, token: string, caPem?: string): void {
  writeFileSync(path, renderKubeconfig(server, token, caPem), { mode: 0o600 });
}
