/**
 * A tiny HTTP(S) client for test setup and assertions (raw status and parsed body). Trusts the
 * server's own CA when it serves TLS; retries once when a restarted server dropped the connection.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface Res {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export type Api = ReturnType<typeof apiClient>;

function send(url: URL, method: string, headers: Record<string, string>, body: string | undefined, ca: string | undefined): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers, ...(ca ? { ca } : {}), agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, text });
      });
      res.on('error', reject);
    });
    req.setTimeout(20_000, () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

export function apiClient(base: () => string, token: string, ca?: string) {
  async function call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Res> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    if (payload !== undefined) {
      headers['content-type'] = contentType;
      // Node frames a DELETE body only with an explicit length (it never chunks DELETE).
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const url = new URL(base() + path);
    return send(url, method, headers, payload, ca).catch(() => send(url, method, headers, payload, ca));
  }
  const ok = async (p: Promise<Res>): Promise<any> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const r = await p;
    if (r.status >= 300) throw new Error(`HTTP ${r.status}: ${r.text}`);
    return r.body;
  };
  return {
    call,
    get: (p: string) => ok(call('GET', p)),
    post: (p: string, b: unknown) => ok(call('POST', p, b)),
    put: (p: string, b: unknown) => ok(call('PUT', p, b)),
    merge: (p: string, b: unknown) => ok(call('PATCH', p, b, 'application/merge-patch+json')),
    del: (p: string, b?: unknown) => ok(call('DELETE', p, b)),
  };
}

export function podManifest(name: string, labels: Record<string, string> = { app: name }, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }], ...spec },
  };
}

export function nodeManifest(name: string): Record<string, unknown> {
  const t = '2025-01-01T00:00:00Z';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'node-role.kubernetes.io/control-plane': '' } },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: t, lastTransitionTime: t }],
      addresses: [{ type: 'InternalIP', address: '10.0.0.11' }, { type: 'Hostname', address: name }],
      nodeInfo: {
        kubeletVersion: 'v1.32.0', osImage: 'Ubuntu 24.04 LTS', kernelVersion: '6.8.0-45-generic', containerRuntimeVersion: 'docker://27.3.1',
        operatingSystem: 'linux', architecture: 'amd64', machineID: 'm', systemUUID: 'u', bootID: 'b', kubeProxyVersion: '',
      },
    },
  };
}

/** What a kubelet writes when the pod's container runs and is ready. */
export function runningStatus(podIP = '10.244.0.7', restarts = 0): Record<string, unknown> {
  const t = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    status: {
      phase: 'Running',
      podIP,
      podIPs: [{ ip: podIP }],
      hostIP: '10.0.0.11',
      startTime: t,
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: t },
        { type: 'Ready', status: 'True', lastTransitionTime: t },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: t },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: t },
      ],
      containerStatuses: [
        { name: 'main', ready: true, started: true, restartCount: restarts, image: 'busybox:1.36', imageID: 'docker://sha256:abc', containerID: 'docker://123', state: { running: { startedAt: t } } },
      ],
    },
  };
}
