/**
 * Keeps default/kubernetes (Service + EndpointSlice) pointing at the api-server.
 *
 * Upstream the api-server itself owns this (its "kubernetes service controller" and endpoint
 * reconciler), because every api-server replica knows its own advertise address. Here the
 * controller-manager owns it instead: it already owns service IP allocation (the allocator
 * keeps .1 of the range for this Service), and it knows the api-server's address from its own
 * connection (the kubeconfig server URL, or ManagerOptions.apiServer). The cost: with the
 * controller-manager down the Service is not repaired; with several api-servers only the
 * one the controller-manager talks to is listed.
 */
import { isIPv4 } from 'node:net';
import { lookup } from 'node:dns/promises';
import type { EndpointSlice, Service } from '@skiff/api';
import { isAlreadyExists, isNotFound, type Informer } from '@skiff/client';
import type { ReconcileContext, Reconciler, Request, Result } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import { endpointSlicesRef, servicesRef } from '../../refs.ts';
import { DEFAULT_NAMESPACE, desiredService, desiredSlice, KUBERNETES, type ApiServerEndpoint } from './desired.ts';

export class KubernetesServiceReconciler implements Reconciler {
  readonly #deps: ControllerDeps;
  readonly #services: Informer<Service>;
  readonly #slices: Informer<EndpointSlice>;
  #endpoint: ApiServerEndpoint | undefined;

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    this.#services = deps.factory.informerFor<Service>(servicesRef);
    this.#slices = deps.factory.informerFor<EndpointSlice>(endpointSlicesRef);
  }

  async reconcile(ctx: ReconcileContext, req: Request): Promise<Result> {
    if (req.namespace !== DEFAULT_NAMESPACE || req.name !== KUBERNETES) return {};
    const ep = await this.#resolve();
    if (!ep) return {}; // no api-server address known: nothing to publish
    const o = { namespace: DEFAULT_NAMESPACE, signal: ctx.signal };
    const { client } = this.#deps;
    try {
      const want = desiredService(this.#deps.options.serviceCidr, ep);
      const svc = this.#services.lister.get(DEFAULT_NAMESPACE, KUBERNETES);
      if (!svc) await client.create(servicesRef, want, o);
      else if (JSON.stringify(svc.spec?.ports) !== JSON.stringify(want.spec?.ports)) {
        // The ClusterIP is immutable; only the ports follow the api-server.
        await client.patch(servicesRef, KUBERNETES, 'merge', { metadata: { resourceVersion: svc.metadata.resourceVersion }, spec: { ports: want.spec?.ports } }, o);
      }
      const slice = desiredSlice(ep);
      const current = this.#slices.lister.get(DEFAULT_NAMESPACE, KUBERNETES);
      if (!current) await client.create(endpointSlicesRef, slice, o);
      else if (JSON.stringify([current.endpoints, current.ports]) !== JSON.stringify([slice.endpoints, slice.ports])) {
        await client.update(endpointSlicesRef, { ...slice, metadata: { ...current.metadata, labels: { ...current.metadata.labels, ...slice.metadata.labels } } }, o);
      }
    } catch (e) {
      // A lagging cache: the next event (or the retry) sees the object.
      if (isAlreadyExists(e) || isNotFound(e)) return { requeue: true };
      throw e;
    }
    return {};
  }

  async #resolve(): Promise<ApiServerEndpoint | undefined> {
    const target = this.#deps.options.apiServer;
    if (!target) return undefined;
    this.#endpoint ??= { ip: isIPv4(target.host) ? target.host : (await lookup(target.host, { family: 4 })).address, port: target.port };
    return this.#endpoint;
  }
}
