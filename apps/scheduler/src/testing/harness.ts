/**
 * The Harness (Nomad's scheduler/testing.go idea): a scheduler over the in-memory FakeApi.
 * Tests put nodes, pods, slices and claims in, call `settle()`, and read what was bound
 * (`bindings`), what claims got, and which events and conditions explain the rest.
 */
import type { Event, KubeObject, Pod, ResourceClaim } from '@skiff/api';
import { silentLogger } from '@skiff/logging';
import type { ResourceRef } from '@skiff/client';
import type { SchedulerConfig } from '../config.ts';
import type { Listers } from '../framework/handle.ts';
import type { EventResource } from '../queue/events.ts';
import * as R from '../refs.ts';
import { Scheduler } from '../scheduler.ts';
import { FakeApi } from './fake-api.ts';

const EVENT_RESOURCE: Record<string, EventResource> = {
  '/pods': 'Pod',
  '/nodes': 'Node',
  'resource.k8s.io/resourceclaims': 'ResourceClaim',
  'resource.k8s.io/resourceclaimtemplates': 'ResourceClaimTemplate',
  'resource.k8s.io/resourceslices': 'ResourceSlice',
  'resource.k8s.io/deviceclasses': 'DeviceClass',
  'scheduling.k8s.io/podgroups': 'PodGroup',
  'scheduling.x-k8s.io/podgroups': 'PodGroup',
  'scheduling.k8s.io/priorityclasses': 'PriorityClass',
};

export function fakeListers(api: FakeApi): Listers {
  return {
    pods: api.lister(R.PODS),
    namespaces: api.lister({ group: '', version: 'v1', plural: 'namespaces', namespaced: false }),
    priorityClasses: api.lister(R.PRIORITY_CLASSES),
    claims: api.lister(R.RESOURCE_CLAIMS),
    claimTemplates: api.lister(R.RESOURCE_CLAIM_TEMPLATES),
    deviceClasses: api.lister(R.DEVICE_CLASSES),
    slices: api.lister(R.RESOURCE_SLICES),
    podGroups: api.lister(R.POD_GROUPS),
    coschedulingPodGroups: api.lister(R.COSCHEDULING_POD_GROUPS),
  };
}

export class Harness {
  readonly api = new FakeApi();
  readonly scheduler: Scheduler;

  constructor(config: Partial<SchedulerConfig> = {}) {
    this.scheduler = new Scheduler({ api: this.api, listers: fakeListers(this.api), log: silentLogger('scheduler'), config: { backoffInitialMs: 2, backoffMaxMs: 4, ...config }, random: () => 0.5 });
    this.api.listener = (ref, action, o, n) => {
      const r = EVENT_RESOURCE[`${ref.group}/${ref.plural}`];
      if (r) this.scheduler.onEvent(r, action, o, n);
    };
  }

  add<T extends KubeObject>(ref: ResourceRef, ...objs: T[]): this {
    for (const o of objs) this.api.put(ref, o);
    return this;
  }

  remove(ref: ResourceRef, ns: string | undefined, name: string): this {
    this.api.remove(ref, ns, name);
    return this;
  }

  /** Deliver pending events, schedule until nothing is active, await bindings; repeat until quiet. */
  async settle(rounds = 50): Promise<void> {
    let quiet = 0;
    for (let i = 0; i < rounds; i++) {
      await flushMicrotasks();
      const before = this.api.bindings.length + this.scheduler.metrics.attempts;
      await this.scheduler.drain();
      await flushMicrotasks();
      await this.scheduler.recorder.flush();
      await new Promise((r) => setTimeout(r, 1)); // creation/patch chains in plugins
      await flushMicrotasks();
      // Quiet for three rounds: async side effects (claim creation, releases) have landed.
      if (this.api.bindings.length + this.scheduler.metrics.attempts === before && this.scheduler.queue.sizes.active === 0) {
        if (++quiet >= 3) return;
      } else quiet = 0;
    }
  }

  pod(name: string, ns = 'default'): Pod | undefined {
    return this.api.get<Pod>(R.PODS, ns, name);
  }

  nodeOf(name: string, ns = 'default'): string | undefined {
    return this.pod(name, ns)?.spec?.nodeName;
  }

  claim(name: string, ns = 'default'): ResourceClaim | undefined {
    return this.api.get<ResourceClaim>(R.RESOURCE_CLAIMS, ns, name);
  }

  events(podName?: string): Event[] {
    return this.api.lister<Event>(R.EVENTS).list().filter((e) => !podName || e.involvedObject.name === podName);
  }

  lastFailure(podName: string): string | undefined {
    const evs = this.events(podName).filter((e) => e.reason === 'FailedScheduling');
    return evs[evs.length - 1]?.message;
  }

  condition(podName: string, ns = 'default'): { status: string; reason?: string | undefined; message?: string | undefined } | undefined {
    return this.pod(podName, ns)?.status?.conditions?.find((c) => c.type === 'PodScheduled');
  }
}

export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
