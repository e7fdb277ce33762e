/** The kubeconfig written next to the data at first start: what kubectl and skiff point at. */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export function renderKubeconfig(server: string, token: string, name = 'skiff'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server } }],
    users: [{ name: `${name}-admin`, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  });
}

export function writeKubeconfig(path: string, server: string, token: string): void {
  writeFileSync(path, renderKubeconfig(server, token), { mode: 0o600 });
}
