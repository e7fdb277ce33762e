/**
 * GPU passthrough for pods (gpu.md): a container gets exactly the GPUs allocated to it and
 * nothing else. Two ways in: DRA claims (`resources.claims` → the pod's ResourceClaim,
 * which must list the pod in status.reservedFor, results from driver gpu.nvidia.com on this
 * node's pool), or the classic `nvidia.com/gpu: N` limit, for which the agent picks N free
 * healthy devices deterministically (lowest index first) and records them in the pod
 * annotation `skiff.dev/gpus` so a restart keeps them. Every other container gets
 * `noGpuContainerConfig()` (NVIDIA_VISIBLE_DEVICES=void).
 *
 * A third way, DeviceClass extendedResourceName (KEP-5004): on a node that does not list
 * nvidia.com/gpu in allocatable, the scheduler turns the limit into a generated claim and
 * records in pod.status.extendedResourceClaimStatus which request of it serves which
 * container's resource. Such a container gets that request's devices, checked like any
 * claim's (reserved for the pod, on this node), and no classic pick for the mapped resource.
 *
 * One ledger for all: a GPU is free for a classic pick only if no other live pod recorded
 * it and no ResourceClaim reserved for a live pod holds it. The scheduler counts both ways
 * against the same GPUs (its cache/gpu-ledger.ts) and predicts the same lowest-index pick,
 * so they agree; the agent only checks, and refuses to hand a claim a GPU a classic pod holds
 * rather than give one GPU to two pods.
 *
 * Init containers get theirs the same way (the scheduler's request mappings name them too). A
 * regular init container runs alone and ends before anything after it starts, so its classic
 * GPUs are free for the pod's later containers, as the kubelet's device manager reuses them and
 * as the scheduler counts the pod (max of init and app needs, not their sum); what a sidecar or
 * an app container holds it keeps.
 *
 * `holders()` answers the reverse question for resource metrics (stats/): which pod and
 * container holds each GPU of this node.
 */
import { GPUS_ANNOTATION, gpusByContainer, recordedGpus, type Container, type Pod, type ResourceClaim } from '@skiff/api';
import { isNotFound, type RestClient } from '@skiff/client';
import { deviceName, gpuContainerConfig, GPU_DRIVER, noGpuContainerConfig, type DriverLibs, type GpuDevice, type GpuInventory, type PassthroughMode } from '../gpu/index.ts';
import { PODS, RESOURCE_CLAIMS } from '../refs.ts';
import type { DeviceDecision, DeviceProvider } from './devices.ts';

const GPU_RESOURCE = 'nvidia.com/gpu';

const live = (p: Pod): boolean => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

/** A container that holds a GPU. */
export interface GpuHolder {
  namespace: string;
  pod: string;
  container: string;
}

export interface GpuDeviceOptions {
  client: RestClient;
  nodeName: string;
  inventory: GpuInventory;
  mode: PassthroughMode;
  driverLibs: DriverLibs;
  /** The pods bound to this node (the informer's cache): whose GPUs are taken. */
  pods: () => Pod[];
}

export class GpuDevices implements DeviceProvider {
  readonly #o: GpuDeviceOptions;
  /** Assignments made here, by pod uid: two workers must not pick the same GPU before the watch shows the annotation. */
  readonly #local = new Map<string, string[]>();
  /** Claim devices per container, by pod uid: an allocated claim reserved for a pod never changes. */
  readonly #claimDevicesByPod = new Map<string, Record<string, string[]>>();

  constructor(o: GpuDeviceOptions) {
    this.#o = o;
  }

  async forContainer(pod: Pod, c: Container): Promise<DeviceDecision> {
    const extended = pod.status?.extendedResourceClaimStatus;
    const mapped = (extended?.requestMappings ?? []).filter((m) => m.containerName === c.name);
    // A mapped nvidia.com/gpu is the claim's to serve: a classic pick too would take a second GPU.
    const want = mapped.some((m) => m.resourceName === GPU_RESOURCE) ? 0 : Number(c.resources?.limits?.[GPU_RESOURCE] ?? 0);
    const claims = c.resources?.claims ?? [];
    if (!want && !claims.length && !mapped.length) return { ok: true, config: noGpuContainerConfig() };
    const devices: GpuDevice[] = [];
    for (const ref of claims) {
      const got = await this.#fromClaim(pod, ref.name, ref.request);
      if ('message' in got) return { ok: false, message: got.message };
      devices.push(...got.devices);
    }
    for (const m of mapped) {
      const got = await this.#claimDevices(pod, extended?.resourceClaimName ?? '', m.requestName);
      if ('message' in got) return { ok: false, message: got.message };
      devices.push(...got.devices);
    }
    if (want) {
      const got = await this.#classic(pod, c.name, want);
      if ('message' in got) return { ok: false, message: got.message };
      devices.push(...got.devices);
    }
    return { ok: true, config: gpuContainerConfig(this.#o.mode, devices, { driverLibs: this.#o.driverLibs, inv: this.#o.inventory }) };
  }

  release(uid: string): void {
    // Classic assignments live in pod annotations: a deleted pod frees its GPUs with it.
    this.#local.delete(uid);
    this.#claimDevicesByPod.delete(uid);
  }

  /**
   * GPU UUID → the containers holding it, over the live pods of this node: classic picks from
   * the pods' annotation, claim devices from the claims (read once per pod, so an agent
   * restart loses nothing and the api-server is not asked every sample).
   */
  async holders(): Promise<Map<string, GpuHolder[]>> {
    const out = new Map<string, GpuHolder[]>();
    const add = (uuid: string, h: GpuHolder): void => void out.set(uuid, [...(out.get(uuid) ?? []), h]);
    for (const p of this.#o.pods()) {
      if (!live(p)) continue;
      const id = { namespace: p.metadata.namespace ?? 'default', pod: p.metadata.name ?? '' };
      for (const [container, uuids] of Object.entries(gpusByContainer(p))) for (const u of uuids) add(u, { ...id, container });
      for (const [container, uuids] of Object.entries(await this.#claimDevicesOf(p))) for (const u of uuids) add(u, { ...id, container });
    }
    return out;
  }

  async #claimDevicesOf(pod: Pod): Promise<Record<string, string[]>> {
    const uid = pod.metadata.uid ?? '';
    const known = this.#claimDevicesByPod.get(uid);
    if (known) return known;
    const extended = pod.status?.extendedResourceClaimStatus;
    const byContainer: Record<string, string[]> = {};
    for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
      const gots = [
        ...(await Promise.all((c.resources?.claims ?? []).map((ref) => this.#fromClaim(pod, ref.name, ref.request)))),
        ...(await Promise.all((extended?.requestMappings ?? []).filter((m) => m.containerName === c.name).map((m) => this.#claimDevices(pod, extended?.resourceClaimName ?? '', m.requestName)))),
      ];
      // Not allocated or not reserved yet: nothing to remember, ask again next sample.
      if (gots.some((g) => 'message' in g)) return {};
      const uuids = gots.flatMap((g) => ('devices' in g ? g.devices.map((d) => d.uuid) : []));
      if (uuids.length) byContainer[c.name] = uuids;
    }
    this.#claimDevicesByPod.set(uid, byContainer);
    return byContainer;
  }

  async #fromClaim(pod: Pod, name: string, request: string | undefined): Promise<{ devices: GpuDevice[] } | { message: string }> {
    const entry = pod.spec?.resourceClaims?.find((r) => r.name === name);
    const claimName = entry?.resourceClaimName ?? pod.status?.resourceClaimStatuses?.find((s) => s.name === name)?.resourceClaimName;
    if (!claimName) return { message: `resource claim "${name}" of the pod has no ResourceClaim yet` };
    return this.#claimDevices(pod, claimName, request);
  }

  /** The GPUs of this node that the claim's allocation gives `request` (all requests when unset). */
  async #claimDevices(pod: Pod, claimName: string, request: string | undefined): Promise<{ devices: GpuDevice[] } | { message: string }> {
    if (!claimName) return { message: 'pod.status.extendedResourceClaimStatus names no ResourceClaim' };
    let claim: ResourceClaim;
    try {
      claim = await this.#o.client.get<ResourceClaim>(RESOURCE_CLAIMS, claimName, { namespace: pod.metadata.namespace });
    } catch (e) {
      if (isNotFound(e)) return { message: `resourceclaim "${claimName}" not found` };
      throw e;
    }
    if (!claim.status?.reservedFor?.some((r) => r.uid === pod.metadata.uid)) return { message: `resourceclaim "${claimName}" is not reserved for this pod` };
    const results = (claim.status.allocation?.devices?.results ?? []).filter((r) => r.driver === GPU_DRIVER && r.pool === this.#o.nodeName && (!request || r.request === request || r.request.startsWith(`${request}/`)));
    const devices: GpuDevice[] = [];
    const classic = results.length ? this.#classicHolders(pod) : new Map<string, string>();
    for (const r of results) {
      const d = this.#o.inventory.devices.find((x) => deviceName(x) === r.device);
      if (!d) return { message: `resourceclaim "${claimName}": device ${r.device} is not on node ${this.#o.nodeName}` };
      const holder = classic.get(d.uuid);
      if (holder) return { message: `resourceclaim "${claimName}": device ${r.device} (${d.uuid}) is held by pod ${holder} for its ${GPU_RESOURCE} limit` };
      devices.push(d);
    }
    return { devices };
  }

  /** UUID → "ns/name" of the other live pods on this node that hold it for a classic limit. */
  #classicHolders(pod: Pod): Map<string, string> {
    const held = new Map<string, string>();
    const name = (p: Pod): string => `${p.metadata.namespace ?? 'default'}/${p.metadata.name ?? ''}`;
    const byUid = new Map<string, Pod>();
    for (const p of this.#o.pods()) {
      byUid.set(p.metadata.uid ?? '', p);
      if (p.metadata.uid === pod.metadata.uid || !live(p)) continue;
      for (const u of recordedGpus(p)) held.set(u, name(p));
    }
    // Picks made here that the watch has not shown on the pod yet.
    for (const [uid, uuids] of this.#local) {
      const p = byUid.get(uid);
      if (uid === pod.metadata.uid || (p && !live(p))) continue;
      for (const u of uuids) if (!held.has(u)) held.set(u, p ? name(p) : `uid ${uid}`);
    }
    return held;
  }

  /**
   * UUIDs of this node's GPUs that ResourceClaims hold for a live pod. A reserved pod the
   * informer has not shown yet counts as live: the scheduler writes the claim before binding.
   */
  async #claimHeld(): Promise<Set<string>> {
    const finished = new Set(this.#o.pods().filter((p) => !live(p)).map((p) => p.metadata.uid));
    const names = new Set<string>();
    const claims = await this.#o.client.listAll<ResourceClaim>(RESOURCE_CLAIMS);
    for (const c of claims.items) {
      if (!c.status?.reservedFor?.some((r) => !finished.has(r.uid))) continue;
      for (const r of c.status.allocation?.devices?.results ?? []) if (r.driver === GPU_DRIVER && r.pool === this.#o.nodeName) names.add(r.device);
    }
    return new Set(this.#o.inventory.devices.filter((d) => names.has(deviceName(d))).map((d) => d.uuid));
  }

  async #classic(pod: Pod, container: string, want: number): Promise<{ devices: GpuDevice[] } | { message: string }> {
    const inv = this.#o.inventory;
    const mine = gpusByContainer(pod);
    const kept = mine[container];
    if (kept?.length === want) {
      const devices = kept.map((u) => inv.devices.find((d) => d.uuid === u)).filter((d): d is GpuDevice => !!d);
      if (devices.length === want) return { devices };
    }
    const taken = await this.#claimHeld();
    const inits = pod.spec?.initContainers ?? [];
    const regularInit = (name: string): boolean => inits.some((c) => c.name === name && c.restartPolicy !== 'Always');
    // A regular init container runs while only sidecars run beside it; everyone else runs after regular init containers ended.
    const concurrent = (name: string): boolean => !regularInit(name) && (!regularInit(container) || inits.some((c) => c.name === name));
    for (const [name, uuids] of Object.entries(mine)) if (name !== container && concurrent(name)) uuids.forEach((u) => taken.add(u));
    for (const u of this.#classicHolders(pod).keys()) taken.add(u);
    const free = inv.devices.filter((d) => d.healthy && d.type === 'gpu' && !taken.has(d.uuid)).sort((a, b) => a.index - b.index || a.uuid.localeCompare(b.uuid));
    if (free.length < want) return { message: `${want} ${GPU_RESOURCE} requested, ${free.length} free on node ${this.#o.nodeName}` };
    const devices = free.slice(0, want);
    const annotation = JSON.stringify({ ...mine, [container]: devices.map((d) => d.uuid) });
    this.#local.set(pod.metadata.uid!, [...(this.#local.get(pod.metadata.uid!) ?? []), ...devices.map((d) => d.uuid)]);
    await this.#o.client.patch(PODS, pod.metadata.name!, 'merge', { metadata: { annotations: { [GPUS_ANNOTATION]: annotation } } }, { namespace: pod.metadata.namespace });
    // The lister copy is stale until the watch delivers the patch: remember it for the next container.
    (pod.metadata.annotations ??= {})[GPUS_ANNOTATION] = annotation;
    return { devices };
  }
}
