/**
 * EndpointSlices for a selector Service: desired groups (desired.ts) are laid onto the
 * existing managed slices with the same ports (updated only when different), new slices are
 * created as `<svc>-<random>`, leftovers deleted. Slices we created but the cache has not
 * shown yet hold the next sync back, so a lagging cache never doubles slices.
 */
import type { EndpointSlice, Pod, Service } from '@skiff/api';
import { labelSelectorFromSpec, matchesLabels } from '@skiff/api';
import { isNotFound, type Informer } from '@skiff/client';
import { controllerRef, requestKey, type ReconcileContext, type Reconciler, type Request, type Result } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import { endpointSlicesRef, podsRef, servicesRef } from '../../refs.ts';
import { desiredGroups, MAX_ENDPOINTS_PER_SLICE, type EndpointPort, type Endpoint } from './desired.ts';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

export class EndpointSliceReconciler implements Reconciler {
  readonly #deps: ControllerDeps;
  readonly #services: Informer<Service>;
  readonly #pods: Informer<Pod>;
  readonly #slices: Informer<EndpointSlice>;
  /** Per service: slice names written and not yet seen at that resourceVersion. */
  readonly #pending = new Map<string, Map<string, number>>();

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    this.#services = deps.factory.informerFor<Service>(servicesRef);
    this.#pods = deps.factory.informerFor<Pod>(podsRef);
    this.#slices = deps.factory.informerFor<EndpointSlice>(endpointSlicesRef);
  }

  async reconcile(ctx: ReconcileContext, req: Request): Promise<Result> {
    const key = requestKey(req);
    const svc = this.#services.lister.get(req.namespace, req.name);
    if (!svc?.spec?.selector || svc.metadata.deletionTimestamp) {
      this.#pending.delete(key);
      return {}; // no selector: endpoints are the user's; deleted: the GC removes ours
    }
    const existing = this.#slices.lister
      .list(req.namespace)
      .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === req.name && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY && !s.metadata.deletionTimestamp);
    if (!this.#cacheCaughtUp(key, existing)) return { requeueAfterMs: 100 };
    const selector = labelSelectorFromSpec({ matchLabels: svc.spec.selector });
    const pods = this.#pods.lister.list(req.namespace).filter((p) => matchesLabels(selector, p.metadata.labels));
    const free = [...existing];
    const written = new Map<string, number>();
    for (const group of desiredGroups(svc, pods)) {
      for (let i = 0; i < group.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
        const endpoints = group.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE);
        const same = free.findIndex((s) => JSON.stringify(s.ports ?? []) === JSON.stringify(group.ports));
        const slice = same >= 0 ? free.splice(same, 1)[0] : undefined;
        const out = await this.#write(ctx, svc, slice, group.ports, endpoints);
        if (out) written.set(out.metadata.name ?? '', Number(out.metadata.resourceVersion ?? 0));
      }
    }
    // A service with no endpoints still gets one empty slice, as upstream.
    if (!written.size && existing.length === free.length) {
      const slice = free.shift();
      const out = await this.#write(ctx, svc, slice, [], []);
      if (out) written.set(out.metadata.name ?? '', Number(out.metadata.resourceVersion ?? 0));
    }
    for (const s of free) {
      try {
        await this.#deps.client.delete(endpointSlicesRef, s.metadata.name ?? '', { namespace: req.namespace, signal: ctx.signal });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    if (written.size) this.#pending.set(key, written);
    return {};
  }

  #cacheCaughtUp(key: string, existing: readonly EndpointSlice[]): boolean {
    const pending = this.#pending.get(key);
    if (!pending) return true;
    for (const [name, rv] of pending) {
      const s = existing.find((x) => x.metadata.name === name);
      if (!s || Number(s.metadata.resourceVersion ?? 0) < rv) return false;
    }
    this.#pending.delete(key);
    return true;
  }

  /** Create or update (when different); returns what was written, undefined when nothing was. */
  async #write(ctx: ReconcileContext, svc: Service, slice: EndpointSlice | undefined, ports: EndpointPort[], endpoints: Endpoint[]): Promise<EndpointSlice | undefined> {
    const labels: Record<string, string> = { ...svc.metadata.labels, [SERVICE_NAME_LABEL]: svc.metadata.name ?? '', [MANAGED_BY_LABEL]: MANAGED_BY };
    if (svc.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
    const o = { namespace: svc.metadata.namespace, signal: ctx.signal };
    if (slice) {
      if (JSON.stringify(slice.endpoints) === JSON.stringify(endpoints) && JSON.stringify(slice.ports ?? []) === JSON.stringify(ports) && JSON.stringify(slice.metadata.labels) === JSON.stringify(labels)) return undefined;
      const next = { ...structuredClone(slice), endpoints, ports } as EndpointSlice;
      next.metadata.labels = labels;
      return this.#deps.client.update(endpointSlicesRef, next, o);
    }
    const created: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { generateName: `${svc.metadata.name}-`, namespace: svc.metadata.namespace, labels, ownerReferences: [controllerRef(svc)] },
      addressType: 'IPv4',
      endpoints,
      ports,
    };
    return this.#deps.client.create(endpointSlicesRef, created, o);
  }
}
