/**
 * Service IPs: a ClusterIP from the service range for every non-headless, non-ExternalName
 * service without one, and a NodePort (30000–32767) for each port of NodePort/LoadBalancer
 * services that asked for none. Requested ports are honoured. One worker: allocation is serial.
 */
import type { Service } from '@skiff/api';
import { isNotFound, type Informer } from '@skiff/client';
import type { ReconcileContext, Reconciler, Request, Result } from '@skiff/controller';
import { TerminalError } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import { servicesRef } from '../../refs.ts';
import { IpAllocator, PortAllocator } from './allocator.ts';

export class ServiceIpReconciler implements Reconciler {
  readonly ips: IpAllocator;
  readonly ports: PortAllocator;
  readonly #deps: ControllerDeps;
  readonly #services: Informer<Service>;

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    this.ips = new IpAllocator(deps.options.serviceCidr);
    this.ports = new PortAllocator(deps.options.nodePortRange);
    this.#services = deps.factory.informerFor<Service>(servicesRef);
    this.#services.addEventHandler({ onAdd: (s) => this.#use(s), onUpdate: (_o, s) => this.#use(s), onDelete: (s) => this.#release(s) });
  }

  #use(s: Service): void {
    const ip = s.spec?.clusterIP;
    if (ip && ip !== 'None') this.ips.use(ip);
    for (const p of s.spec?.ports ?? []) if (p.nodePort) this.ports.use(p.nodePort);
  }

  #release(s: Service): void {
    const ip = s.spec?.clusterIP;
    if (ip && ip !== 'None') this.ips.release(ip);
    for (const p of s.spec?.ports ?? []) if (p.nodePort) this.ports.release(p.nodePort);
  }

  async reconcile(ctx: ReconcileContext, req: Request): Promise<Result> {
    const svc = this.#services.lister.get(req.namespace, req.name);
    if (!svc?.spec || svc.metadata.deletionTimestamp) return {};
    const spec = svc.spec;
    const type = spec.type ?? 'ClusterIP';
    if (type === 'ExternalName') return {};
    const patch: Record<string, unknown> = {};
    const allocated: { ip?: string; ports: number[] } = { ports: [] };
    if (!spec.clusterIP) {
      const ip = this.ips.allocate();
      if (!ip) throw new TerminalError(`service CIDR ${this.#deps.options.serviceCidr} is full`);
      allocated.ip = ip;
      patch['clusterIP'] = ip;
      patch['clusterIPs'] = [ip];
    }
    if ((type === 'NodePort' || type === 'LoadBalancer') && (spec.ports ?? []).some((p) => !p.nodePort)) {
      patch['ports'] = (spec.ports ?? []).map((p) => {
        if (p.nodePort) return p;
        const nodePort = this.ports.allocate();
        if (nodePort === undefined) throw new TerminalError('node port range is full');
        allocated.ports.push(nodePort);
        return { ...p, nodePort };
      });
    }
    if (!Object.keys(patch).length) return {};
    try {
      await this.#deps.client.patch(servicesRef, req.name, 'merge', { metadata: { resourceVersion: svc.metadata.resourceVersion }, spec: patch }, { namespace: req.namespace, signal: ctx.signal });
    } catch (e) {
      if (allocated.ip) this.ips.release(allocated.ip);
      for (const p of allocated.ports) this.ports.release(p);
      if (isNotFound(e)) return {};
      throw e;
    }
    return {};
  }
}
