/**
 * @kubernetes/client-node 2.x (the official JS client) against the real api-server.
 *
 * - Over TLS with the kubeconfig the server wrote (CA + token): loadFromFile, nothing else.
 * - Over plain http (through lib/proxy.ts, which logs every request so re-lists and re-watches
 *   can be counted): client-node refuses http:// unless the cluster has insecure-skip-tls-verify.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  ListWatch,
  PatchStrategy,
  Watch,
  makeInformer,
  setHeaderOptions,
  type Informer,
  type V1Pod,
} from '@kubernetes/client-node';
import { startTestServer, type TestServer } from '@skiff/testing';
import { apiClient, podManifest, runningStatus, type Api } from './lib/api.ts';
import { eventually } from './lib/kubectl.ts';
import { startProxy, type Proxy } from './lib/proxy.ts';

let tls: TestServer;
let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;
let api: Api;

beforeAll(async () => {
  tls = await startTestServer({ tls: true });
  kc = new KubeConfig();
  kc.loadFromFile(tls.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  api = apiClient(() => tls.url, tls.token, tls.caPem);
});
afterAll(async () => tls?.close());

const ns = async (name: string) => core.createNamespace({ body: { metadata: { name } } });
const names = (items: readonly { metadata?: { name?: string } }[]) => items.map((i) => i.metadata!.name!).sort();

/** Records informer callbacks as `add:name`, `update:name`, `delete:name`. */
function record(inf: Informer<V1Pod>): string[] {
  const events: string[] = [];
  inf.on('add', (p) => events.push(`add:${p.metadata!.name}`));
  inf.on('update', (p) => events.push(`update:${p.metadata!.name}`));
  inf.on('delete', (p) => events.push(`delete:${p.metadata!.name}`));
  return events;
}

describe('client-node 2.x over TLS with the written kubeconfig', () => {
  it('CoreV1Api create/list/read/patch (json, merge, strategic)/delete', async () => {
    await ns('cn-core');
    // No apiVersion/kind in the body (client-node sends it as given): the server defaults them.
    const created = await core.createNamespacedPod({
      namespace: 'cn-core',
      body: { metadata: { name: 'p1', labels: { app: 'a' } }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }, { name: 'side', image: 'busybox:1.36' }] } },
    });
    expect(created.kind).toBe('Pod');
    expect(created.apiVersion).toBe('v1');
    expect(created.metadata!.creationTimestamp).toBeInstanceOf(Date);
    expect(created.status!.phase).toBe('Pending');

    const list = await core.listNamespacedPod({ namespace: 'cn-core' });
    expect(list.kind).toBe('PodList');
    expect(names(list.items)).toEqual(['p1']);
    expect(list.metadata!.resourceVersion).toMatch(/^\d+$/);
    expect((await core.listPodForAllNamespaces({ labelSelector: 'app=a' })).items.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`)).toEqual(['cn-core/p1']);

    const read = await core.readNamespacedPod({ name: 'p1', namespace: 'cn-core' });
    expect(read.spec!.containers.map((c) => c.name)).toEqual(['main', 'side']);

    // Default patch type of client-node: application/json-patch+json (an RFC 6902 array).
    const jp = await core.patchNamespacedPod({ name: 'p1', namespace: 'cn-core', body: [{ op: 'add', path: '/metadata/labels/j', value: '1' }] });
    expect(jp.metadata!.labels).toEqual({ app: 'a', j: '1' });
    const mp = await core.patchNamespacedPod(
      { name: 'p1', namespace: 'cn-core', body: { metadata: { labels: { m: '2', j: null } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(mp.metadata!.labels).toEqual({ app: 'a', m: '2' });
    const sp = await core.patchNamespacedPod(
      { name: 'p1', namespace: 'cn-core', body: { spec: { containers: [{ name: 'main', image: 'busybox:1.37' }] } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(sp.spec!.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['main=busybox:1.37', 'side=busybox:1.36']);
    const ssa = await core.patchNamespacedPod(
      { name: 'p1', namespace: 'cn-core', fieldManager: 'e2e', force: true, body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', annotations: { by: 'ssa' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    );
    expect(ssa.metadata!.annotations).toEqual({ by: 'ssa' });
    expect(ssa.spec!.containers).toHaveLength(2);

    const status = await core.patchNamespacedPodStatus(
      { name: 'p1', namespace: 'cn-core', body: runningStatus('10.244.1.5') },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(status.status!.podIP).toBe('10.244.1.5');

    await core.deleteNamespacedPod({ name: 'p1', namespace: 'cn-core', gracePeriodSeconds: 0 });
    const missing = await core.readNamespacedPod({ name: 'p1', namespace: 'cn-core' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiException);
    const ex = missing as ApiException<string>;
    expect(ex.code).toBe(404);
    expect(JSON.parse(ex.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "p1" not found', code: 404 });
    const dup = await core.createNamespace({ body: { metadata: { name: 'cn-core' } } }).catch((e: unknown) => e);
    expect((dup as ApiException<string>).code).toBe(409);
    expect(JSON.parse((dup as ApiException<string>).body).reason).toBe('AlreadyExists');
  });

  it('AppsV1Api deployments and the Scale subresource', async () => {
    await ns('cn-apps');
    const d = await apps.createNamespacedDeployment({
      namespace: 'cn-apps',
      body: {
        metadata: { name: 'web' },
        spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] } } },
      },
    });
    expect(d.kind).toBe('Deployment');
    expect(d.spec!.replicas).toBe(1);
    expect(d.metadata!.generation).toBe(1);
    const scale = await apps.readNamespacedDeploymentScale({ name: 'web', namespace: 'cn-apps' });
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 } });
    const scaled = await apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace: 'cn-apps', body: { spec: { replicas: 4 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(scaled.spec!.replicas).toBe(4);
    const after = await apps.readNamespacedDeployment({ name: 'web', namespace: 'cn-apps' });
    expect(after.spec!.replicas).toBe(4);
    expect(after.metadata!.generation).toBe(2);
    after.spec!.template.spec!.containers[0]!.image = 'nginx:1.28';
    const replaced = await apps.replaceNamespacedDeployment({ name: 'web', namespace: 'cn-apps', body: after });
    expect(replaced.spec!.template.spec!.containers[0]!.image).toBe('nginx:1.28');
    // The same (now stale) resourceVersion again: 409 Conflict.
    const stale = await apps.replaceNamespacedDeployment({ name: 'web', namespace: 'cn-apps', body: after }).catch((e: unknown) => e);
    expect((stale as ApiException<string>).code).toBe(409);
    expect((await apps.listDeploymentForAllNamespaces()).items.map((x) => x.metadata!.name)).toContain('web');
    await apps.deleteNamespacedDeployment({ name: 'web', namespace: 'cn-apps' });
    expect((await apps.listNamespacedDeployment({ namespace: 'cn-apps' })).items).toEqual([]);
  });

  it('Watch receives ADDED, MODIFIED, DELETED', async () => {
    await ns('cn-watch');
    await api.post('/api/v1/namespaces/cn-watch/pods', podManifest('before'));
    const events: string[] = [];
    let done: unknown = 'open';
    const req = await new Watch(kc).watch(
      '/api/v1/namespaces/cn-watch/pods',
      { allowWatchBookmarks: true },
      (type, obj: V1Pod) => {
        if (type !== 'BOOKMARK') events.push(`${type}:${obj.metadata!.name}:${obj.status?.phase ?? ''}`);
      },
      (err) => (done = err),
    );
    try {
      // No resourceVersion: the current state first, as synthetic ADDED events.
      await eventually(() => events.includes('ADDED:before:Pending'));
      await api.post('/api/v1/namespaces/cn-watch/pods', podManifest('w1'));
      await api.merge('/api/v1/namespaces/cn-watch/pods/w1/status', runningStatus());
      await api.del('/api/v1/namespaces/cn-watch/pods/w1');
      await eventually(() => events.length >= 4);
      expect(events).toEqual(['ADDED:before:Pending', 'ADDED:w1:Pending', 'MODIFIED:w1:Running', 'DELETED:w1:Running']);
      expect(done).toBe('open');
    } finally {
      req.abort();
    }
  });

  it('Informer syncs, then sees add, update and delete', async () => {
    await ns('cn-inf');
    await api.post('/api/v1/namespaces/cn-inf/pods', podManifest('old'));
    const inf = makeInformer(kc, '/api/v1/namespaces/cn-inf/pods', () => core.listNamespacedPod({ namespace: 'cn-inf' }));
    const events = record(inf);
    const errors: unknown[] = [];
    inf.on('error', (e) => errors.push(e));
    await inf.start();
    try {
      expect(events).toEqual(['add:old']);
      await api.post('/api/v1/namespaces/cn-inf/pods', podManifest('new'));
      await eventually(() => inf.get('new', 'cn-inf'));
      await api.merge('/api/v1/namespaces/cn-inf/pods/new', { metadata: { labels: { v: '2' } } });
      await eventually(() => inf.get('new', 'cn-inf')?.metadata?.labels?.['v'] === '2');
      await api.del('/api/v1/namespaces/cn-inf/pods/old');
      await eventually(() => !inf.get('old', 'cn-inf'));
      expect(events).toEqual(['add:old', 'add:new', 'update:new', 'delete:old']);
      expect(names(inf.list('cn-inf'))).toEqual(['new']);
      expect(errors).toEqual([]);
    } finally {
      await inf.stop();
    }
  });
});

describe('client-node 2.x over plain http (through a request-logging proxy)', () => {
  let http: TestServer;
  let proxy: Proxy;
  let hkc: KubeConfig;
  let hcore: CoreV1Api;
  let hapi: Api;

  beforeAll(async () => {
    http = await startTestServer({ tls: false });
    proxy = await startProxy(http.url, undefined);
    hapi = apiClient(() => http.url, http.token);
    const loaded = new KubeConfig();
    loaded.loadFromFile(http.kubeconfigPath);
    hkc = new KubeConfig();
    // client-node refuses http:// unless the cluster says insecure-skip-tls-verify.
    hkc.loadFromOptions({
      clusters: loaded.clusters.map((c) => ({ ...c, server: proxy.url, skipTLSVerify: true })),
      users: loaded.users,
      contexts: loaded.contexts,
      currentContext: loaded.currentContext,
    });
    hcore = hkc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await proxy?.close();
    await http?.close();
  });

  it('refuses an http:// server without insecure-skip-tls-verify', async () => {
    const strict = new KubeConfig();
    strict.loadFromFile(http.kubeconfigPath);
    const err = await strict.makeApiClient(CoreV1Api).listNamespace().catch((e: unknown) => e);
    expect(String(err)).toContain('HTTP protocol is not allowed when skipTLSVerify is not set or false');
    expect((await hcore.listNamespace()).items.map((n) => n.metadata!.name)).toContain('default');
  });

  it(
    'an idle informer (35 s without events) neither re-lists nor duplicates; with bookmarks it does not even re-watch',
    async () => {
      for (const n of ['idle-a', 'idle-b']) {
        await hapi.post('/api/v1/namespaces', { metadata: { name: n } });
        await hapi.post(`/api/v1/namespaces/${n}/pods`, podManifest('p0'));
      }
      // client-node's informer sends no allowWatchBookmarks; putting it in the path adds it.
      const plain = makeInformer(hkc, '/api/v1/namespaces/idle-a/pods', () => hcore.listNamespacedPod({ namespace: 'idle-a' }));
      const marked = makeInformer(hkc, '/api/v1/namespaces/idle-b/pods?allowWatchBookmarks=true', () => hcore.listNamespacedPod({ namespace: 'idle-b' }));
      const ev = { a: record(plain), b: record(marked) };
      const errors: unknown[] = [];
      plain.on('error', (e) => errors.push(e));
      marked.on('error', (e) => errors.push(e));
      await Promise.all([plain.start(), marked.start()]);
      try {
        const reqs = (n: string, watch: boolean) =>
          proxy.requests.filter((r) => r.url.startsWith(`/api/v1/namespaces/${n}/pods`) && r.url.includes('watch=true') === watch);
        await eventually(() => reqs('idle-a', true).length === 1 && reqs('idle-b', true).length === 1);
        expect(reqs('idle-b', true)[0]!.url).toContain('allowWatchBookmarks=true');
        expect(reqs('idle-a', true)[0]!.url).not.toContain('allowWatchBookmarks');
        const start = Date.now();
        await new Promise((r) => setTimeout(r, 35_000));
        expect(Date.now() - start).toBeGreaterThanOrEqual(35_000);

        // Both still deliver changes after the silence.
        await hapi.post('/api/v1/namespaces/idle-a/pods', podManifest('p1'));
        await hapi.post('/api/v1/namespaces/idle-b/pods', podManifest('p1'));
        await eventually(() => plain.get('p1', 'idle-a') && marked.get('p1', 'idle-b'));
        expect(ev.a).toEqual(['add:p0', 'add:p1']);
        expect(ev.b).toEqual(['add:p0', 'add:p1']);
        expect(errors).toEqual([]);
        // One list each, ever.
        expect(reqs('idle-a', false)).toHaveLength(1);
        expect(reqs('idle-b', false)).toHaveLength(1);
        // Bookmarks (every 10 s) reset client-node's 30 s inactivity abort: the one watch lives on.
        expect(reqs('idle-b', true)).toHaveLength(1);
        // Without bookmarks the stream is silent (as upstream); client-node aborts it after
        // 30 s and re-watches from the last resourceVersion it saw — once in 35 s, no re-list.
        const a = reqs('idle-a', true);
        expect(a).toHaveLength(2);
        const rv = (u: string) => new URL(u, 'http://x').searchParams.get('resourceVersion');
        expect(rv(a[1]!.url)).toBe(rv(a[0]!.url));
        expect(a[1]!.at - a[0]!.at).toBeGreaterThanOrEqual(29_000);
      } finally {
        await plain.stop();
        await marked.stop();
      }
    },
    90_000,
  );

  it('an informer cut off while history is compacted recovers through 410 and a re-list', async () => {
    await hapi.post('/api/v1/namespaces', { metadata: { name: 'gone' } });
    for (const n of ['a', 'b']) await hapi.post('/api/v1/namespaces/gone/pods', podManifest(n));
    const inf = makeInformer(hkc, '/api/v1/namespaces/gone/pods', () => hcore.listNamespacedPod({ namespace: 'gone' }));
    const rvOf = () => (inf as unknown as ListWatch<V1Pod>).latestResourceVersion();
    const events = record(inf);
    let errors = 0;
    let stopped = false;
    // The documented client-node pattern: an informer stops on a connection error; restart it.
    inf.on('error', () => {
      errors++;
      if (!stopped) setTimeout(() => void inf.start(), 100);
    });
    await inf.start();
    try {
      expect(events).toEqual(['add:a', 'add:b']);
      const syncedRv = rvOf();
      // The server goes away (and comes back) while the informer cannot reach it.
      proxy.block(true);
      proxy.dropConnections();
      await http.restart();
      await hapi.post('/api/v1/namespaces/gone/pods', podManifest('c'));
      await hapi.del('/api/v1/namespaces/gone/pods/a');
      await hapi.merge('/api/v1/namespaces/gone/pods/b', { metadata: { labels: { v: '2' } } });
      await http.compact();
      await eventually(() => errors >= 1);
      const mark = proxy.requests.length;
      proxy.block(false);

      await eventually(() => inf.get('c', 'gone') && !inf.get('a', 'gone') && inf.get('b', 'gone')?.metadata?.labels?.['v'] === '2');
      expect(names(inf.list('gone'))).toEqual(['b', 'c']);
      expect(events.slice(2).sort()).toEqual(['add:c', 'delete:a', 'update:b']);
      // After the block: a watch from the old resourceVersion (answered 410 Expired), then a re-list.
      const after = proxy.requests.slice(mark).filter((r) => r.url.startsWith('/api/v1/namespaces/gone/pods'));
      const firstWatch = after.findIndex((r) => r.url.includes('watch=true'));
      expect(new URL(after[firstWatch]!.url, 'http://x').searchParams.get('resourceVersion')).toBe(syncedRv);
      expect(after.slice(firstWatch + 1).some((r) => !r.url.includes('watch=true'))).toBe(true);
      expect(Number(rvOf())).toBeGreaterThan(Number(syncedRv));
    } finally {
      stopped = true;
      await inf.stop();
    }
  });
});
