import { describe, it, expect } from 'vitest';
import { registry } from '../registry.ts';
import { openApiV3ForGroupVersion, openApiV3Index } from './openapi.ts';

type Doc = NonNullable<ReturnType<typeof openApiV3ForGroupVersion>>;
const docs = new Map<string, Doc>();
const doc = (g: string, v: string): Doc => {
  const key = `${g}/${v}`;
  if (!docs.has(key)) docs.set(key, openApiV3ForGroupVersion(g, v)!);
  return docs.get(key)!;
};
function resolve(d: Doc, s: any): any {
  if (s?.$ref) return resolve(d, d.components.schemas[s.$ref.replace('#/components/schemas/', '')]);
  if (s?.allOf?.[0]?.$ref) return resolve(d, s.allOf[0]);
  return s;
}

describe('openApiV3ForGroupVersion', () => {
  it('is undefined for unknown group versions', () => expect(openApiV3ForGroupVersion('nope', 'v1')).toBeUndefined());

  it('has the document header and paths', () => {
    const d = doc('apps', 'v1');
    expect(d.openapi).toBe('3.0.0');
    expect(d.info.title).toBe('Kubernetes');
    expect(Object.keys(d.paths).length).toBeGreaterThan(0);
  });

  describe.each(registry.all().map((t) => [t.plural, t.group, t] as const))('%s (%s)', (_p, _g, t) => {
    const d = doc(t.group, t.version);
    const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
    const scoped = t.namespaced ? `${base}/namespaces/{namespace}/${t.plural}` : `${base}/${t.plural}`;
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    it('has a component with x-kubernetes-group-version-kind', () => {
      const comp = Object.values(d.components.schemas).find((s: any) => s['x-kubernetes-group-version-kind']?.some((g: any) => g.group === t.group && g.version === t.version && g.kind === t.kind));
      expect(comp).toBeDefined();
    });
    if (t.verbs.includes('patch')) {
      it('has a PATCH with fieldValidation tagged with the GVK', () => {
        const patch = d.paths[`${scoped}/{name}`]!['patch'] as any;
        expect(patch['x-kubernetes-group-version-kind']).toEqual(gvk);
        expect(patch.parameters.map((p: any) => p.name)).toContain('fieldValidation');
        expect(Object.keys(patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
      });
    } else if (t.verbs.includes('create')) {
      it('create-only resources have a POST', () => expect(d.paths[scoped]!['post']).toBeDefined());
    } else {
      it('read-only resources have only list and get', () => {
        expect(Object.keys(d.paths[scoped]!).filter((k) => k !== 'parameters')).toEqual(['get']);
        expect(Object.keys(d.paths[`${scoped}/{name}`]!).filter((k) => k !== 'parameters')).toEqual(['get']);
      });
    }
    it.each(t.subresources.filter((s) => s === 'status' || s === 'scale'))('%s subresource has get/put/patch', (sub) => {
      const p = d.paths[`${scoped}/{name}/${sub}`]!;
      expect(Object.keys(p)).toEqual(expect.arrayContaining(['get', 'put', 'patch']));
      expect((p['patch'] as any).parameters.map((x: any) => x.name)).toContain('fieldValidation');
    });
  });

  it('every $ref resolves', () => {
    for (const { group, version } of registry.groupVersions()) {
      const d = doc(group, version);
      const refs = JSON.stringify(d).match(/"\$ref":"#\/components\/schemas\/[^"]+"/g) ?? [];
      for (const r of refs) {
        const name = r.slice('"$ref":"#/components/schemas/'.length, -1);
        expect(d.components.schemas[name], `${group}/${version}: ${name}`).toBeDefined();
      }
    }
  });

  it('is good enough for kubectl explain pods.spec.containers', () => {
    const d = doc('', 'v1');
    const pod = d.components.schemas['io.k8s.api.core.v1.Pod'] as any;
    expect(pod['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Pod' }]);
    expect(pod.required).toBeUndefined();
    const spec = resolve(d, pod.properties.spec);
    const containers = spec.properties.containers;
    expect(containers).toMatchObject({ type: 'array', description: expect.stringContaining('containers'), 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] });
    // Upstream items are a bare reference: the type's description is on the component only.
    expect(containers.items).toEqual({ allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }] });
    const container = resolve(d, containers.items);
    expect(container.required).toEqual(['name']);
    expect(container.properties.image).toEqual({ type: 'string', description: 'Container image name.' });
    expect(container.properties.imagePullPolicy).toMatchObject({ type: 'string', enum: ['Always', 'Never', 'IfNotPresent'] });
    const port = resolve(d, container.properties.ports.items);
    expect(port.properties.containerPort).toMatchObject({ type: 'integer', format: 'int32' });
    expect(container.properties.ports['x-kubernetes-list-map-keys']).toEqual(['containerPort', 'protocol']);
    const httpGet = resolve(d, resolve(d, container.properties.livenessProbe).properties.httpGet);
    expect(resolve(d, httpGet.properties.port)).toMatchObject({ type: 'string', format: 'int-or-string' });
    expect(d.components.schemas['io.k8s.api.core.v1.PodList']).toBeDefined();
    expect(resolve(d, pod.properties.metadata).properties.creationTimestamp.nullable).toBe(true);
  });

  it('carries finalizers and tolerations list semantics', () => {
    const d = doc('', 'v1');
    const meta = d.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'] as any;
    expect(meta.properties.finalizers).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' });
    const spec = d.components.schemas['io.k8s.api.core.v1.PodSpec'] as any;
    expect(spec.properties.tolerations['x-kubernetes-list-type']).toBe('atomic');
  });

  it('documents Scale where deployments are, and opaque DRA parameters preserve unknown fields', () => {
    expect(doc('apps', 'v1').components.schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
    const opaque = doc('resource.k8s.io', 'v1').components.schemas['io.k8s.api.resource.v1.OpaqueDeviceConfiguration'] as any;
    expect(opaque.properties.parameters['x-kubernetes-preserve-unknown-fields']).toBe(true);
  });

  it('pods have binding, eviction, log and exec paths', () => {
    const p = doc('', 'v1').paths;
    expect(p['/api/v1/namespaces/{namespace}/pods/{name}/binding']!['post']).toBeDefined();
    expect((p['/api/v1/namespaces/{namespace}/pods/{name}/eviction']!['post'] as any)['x-kubernetes-group-version-kind']).toEqual({ group: 'policy', version: 'v1', kind: 'Eviction' });
    expect(p['/api/v1/namespaces/{namespace}/pods/{name}/log']!['get']).toBeDefined();
    expect(p['/api/v1/namespaces/{namespace}/pods/{name}/exec']!['post']).toBeDefined();
    expect(p['/api/v1/pods']!['get']).toBeDefined();
  });
});

describe('openApiV3Index', () => {
  it('lists every group version with a hashed URL', () => {
    const idx = openApiV3Index((json) => String(json.length));
    expect(Object.keys(idx.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/resource.k8s.io/v1', 'apis/scheduling.x-k8s.io/v1alpha1']));
    expect(idx.paths['apis/apps/v1']!.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=\d+$/);
  });
});
