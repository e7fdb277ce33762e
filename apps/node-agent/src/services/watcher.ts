/**
 * The caches the data path works from: one informer on every Service and one on every
 * EndpointSlice, cluster-wide (a pod may call any namespace's service). Handlers do
 * nothing but say "something changed"; the data path re-reads the caches (level-triggered).
 */
import type { EndpointSlice, Service } from '@skiff/api';
import { Informer, type ListWatchSource } from '@skiff/client';
import type { ServiceView } from './dns-records.ts';
import { ENDPOINT_SLICES, LABEL_SERVICE_NAME, SERVICES } from './refs.ts';

export class ServiceWatcher implements ServiceView {
  readonly services: Informer<Service>;
  readonly endpointSlices: Informer<EndpointSlice>;

  constructor(source: ListWatchSource, onChange: () => void) {
    this.services = new Informer<Service>(source, SERVICES);
    this.endpointSlices = new Informer<EndpointSlice>(source, ENDPOINT_SLICES, {
      indexers: { service: (s) => [`${s.metadata.namespace}/${s.metadata.labels?.[LABEL_SERVICE_NAME] ?? ''}`] },
    });
    for (const inf of [this.services, this.endpointSlices] as Informer[]) inf.addEventHandler({ onAdd: onChange, onUpdate: onChange, onDelete: onChange });
  }

  async start(signal?: AbortSignal): Promise<boolean> {
    this.services.start();
    this.endpointSlices.start();
    const synced = await Promise.all([this.services.waitForSync(signal), this.endpointSlices.waitForSync(signal)]);
    return synced.every(Boolean);
  }

  async stop(): Promise<void> {
    await Promise.all([this.services.stop(), this.endpointSlices.stop()]);
  }

  service(namespace: string, name: string): Service | undefined {
    return this.services.lister.get(namespace, name);
  }

  slices(namespace: string, name: string): readonly EndpointSlice[] {
    return this.endpointSlices.lister.byIndex('service', `${namespace}/${name}`);
  }
}
