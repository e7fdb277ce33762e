/**
 * DynamicResources: wraps the DRA allocator (src/dra) into the framework.
 * - PreFilter: the pod's claims (pod-claims.ts); those already allocated (or in flight for
 *   another pod) pin the pod to nodes their allocation reaches; the rest must be allocated.
 * - Filter: allocateOnNode(unallocated claims, node, snapshot, in-flight devices plus the
 *   GPUs classic nvidia.com/gpu pods hold or are about to get there; cache/gpu-ledger.ts).
 * - Reserve: the chosen devices become in-flight, so the next pod in this process (or the
 *   next member of a gang in the same cycle) cannot take them.
 * - PreBind: write status.allocation + reservedFor (status subresource) BEFORE the binding;
 *   a conflict fails the binding cycle, which unreserves and requeues the pod.
 * - Unreserve after PreBind wrote claims (a gang rejected at its bind barrier, a failed
 *   Bind): roll the writes back (rollback.ts). Until that lands the claim's pods wait, or a
 *   retry would read the stale allocation and bind to devices about to be freed.
 * - Score: bin-pack devices (nodes with more devices in use first).
 * - Extended resources served by DRA (DeviceClass extendedResourceName, extended-claim.ts):
 *   on nodes whose allocatable does not list them, a generated claim is allocated alongside
 *   the pod's own claims, created in PreBind and deleted again by Unreserve.
 */
import type { AllocationResult, Node, ResourceClaim } from '@skiff/api';
import { allocationDevices, claimKey, type DeviceState } from '../../cache/device-state.ts';
import { classicHeldDevices } from '../../cache/gpu-ledger.ts';
import type { NodeInfo } from '../../cache/node-info.ts';
import type { PodInfo } from '../../cache/pod-info.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { Handle } from '../../framework/handle.ts';
import type * as I from '../../framework/interface.ts';
import { MAX_NODE_SCORE } from '../../framework/interface.ts';
import { SKIP, SUCCESS, errorStatus, unschedulable, unresolvable, type Status } from '../../framework/status.ts';
import { ev, type ClusterEvent } from '../../queue/events.ts';
import type { AllocationOutcome, DraSnapshot } from '../../dra/index.ts';
import { nodeSelectorMatches } from '../helpers/node-selector.ts';
import { DynamicResources as NAME } from '../names.ts';
import { createExtendedClaim, deleteExtendedClaim, draBackedResources, existingExtendedClaim, extendedClaimForNode, pendingKey, recordExtendedStatus, type ExtendedClaim } from './extended-claim.ts';
import { resolvePodClaims } from './pod-claims.ts';
import { releaseClaimsOf } from './release.ts';
import { rollbackClaim } from './rollback.ts';
import { writeAllocation } from './write-allocation.ts';

export type AllocateFn = (claims: ResourceClaim[], node: Node, snap: DraSnapshot, alsoInUse?: Set<string>) => AllocationOutcome;

interface DraCycle {
  claims: ResourceClaim[];
  /** Claims with an allocation (observed or in flight): must be usable from the chosen node. */
  allocated: { claim: ResourceClaim; allocation: AllocationResult }[];
  toAllocate: ResourceClaim[];
  results: Map<string, Map<string, AllocationResult>>;
  /** Claims PreBind wrote this attempt, as written (rolled back by Unreserve). */
  written: ResourceClaim[];
  /** DRA-backed extended resources the pod requests, when its special claim is still to be made. */
  extended: string[];
  /** The special claim per set of resource names / per node that needs one (Filter). */
  extendedMemo: Map<string, ExtendedClaim | undefined>;
  extendedByNode: Map<string, ExtendedClaim>;
  /** The chosen node's special claim (Reserve), and once PreBind created it, the claim as created / written. */
  extendedChosen?: ExtendedClaim | undefined;
  extendedCreated?: ResourceClaim | undefined;
}
const KEY = NAME;

export class DynamicResourcesPlugin implements I.PreFilterPlugin, I.FilterPlugin, I.ScorePlugin, I.ReservePlugin, I.PreBindPlugin, I.EnqueueExtensions, I.EventSink {
  readonly name = NAME;
  /** The cache's DRA view (fed by the scheduler from cluster events), shared with NodeResourcesFit. */
  readonly state: DeviceState;
  readonly #h: Handle;
  readonly #allocate: AllocateFn;
  readonly #creating = new Set<string>();
  /** claim key → pods turned away while its rollback is in flight (re-activated after). */
  readonly #rollingBack = new Map<string, Set<string>>();
  /** special claim key → pod waiting for its deletion (an earlier attempt's claim) to be observed. */
  readonly #extendedCleanup = new Map<string, string>();

  constructor(h: Handle, allocate: AllocateFn) {
    this.#h = h;
    this.state = h.cache.devices;
    this.#allocate = allocate;
  }

  events() {
    // Pod Update reaches the queue when a bound pod finishes: a classic GPU pod's GPUs are free again.
    return [ev('ResourceClaim'), ev('ResourceSlice'), ev('DeviceClass'), ev('ResourceClaimTemplate', 'Add'), ev('Node', 'Add'), ev('Node', 'Update'), ev('Pod', 'Update'), ev('Pod', 'Delete')];
  }

  handleEvent(e: ClusterEvent, oldObj: unknown, newObj: unknown): void {
    if (e.resource === 'Pod') releaseClaimsOf(this.#h, e, oldObj as never, newObj as never);
    if (e.resource === 'ResourceClaim' && e.action === 'Delete') {
      const key = claimKey(oldObj as ResourceClaim);
      const waiting = this.#extendedCleanup.get(key);
      if (waiting !== undefined) {
        this.#extendedCleanup.delete(key);
        this.#h.requeue?.(waiting);
      }
    }
  }

  preFilter(state: CycleState, pod: PodInfo): I.PreFilterResult {
    const extended = draBackedResources(this.state, pod);
    if (!pod.pod.spec?.resourceClaims?.length && extended.length === 0) return { status: SKIP };
    const r = resolvePodClaims(this.#h, pod.pod, this.#creating);
    if (!r.ok) return { status: r.unresolvable ? unresolvable(r.reason) : unschedulable(r.reason) };
    const cycle: DraCycle = { claims: r.claims, allocated: [], toAllocate: [], results: new Map(), written: [], extended: [], extendedMemo: new Map(), extendedByNode: new Map() };
    if (extended.length) {
      const s = this.#extendedPreFilter(pod, extended, cycle);
      if (s) return { status: s };
    }
    for (const c of r.claims) {
      const key = claimKey(c);
      const gated = this.#rollingBack.get(key);
      if (gated) {
        gated.add(pod.key);
        return { status: unschedulable(`resourceclaim "${c.metadata.name}" is being released after a failed attempt; retrying`) };
      }
      const allocation = c.status?.allocation ?? this.state.inFlight.get(key)?.allocation;
      if (allocation) cycle.allocated.push({ claim: c, allocation });
      else cycle.toAllocate.push(c);
    }
    state.write(KEY, cycle);
    return { status: SUCCESS };
  }

  /**
   * A special claim from an earlier attempt that the pod's status records is the pod's claim
   * like any other (kept, or pinning the pod to its node once allocated). One it does not
   * record was left behind by an attempt that did not finish: delete it and wait for that.
   */
  #extendedPreFilter(pod: PodInfo, extended: string[], cycle: DraCycle): Status | undefined {
    for (const [key, podKey] of this.#extendedCleanup) {
      if (podKey === pod.key) return unschedulable(`extended resource claim ${key} of an earlier attempt is being deleted`);
    }
    const existing = existingExtendedClaim(this.#h, pod.pod);
    if (!existing) {
      cycle.extended = extended;
      return undefined;
    }
    const key = claimKey(existing);
    if (existing.metadata.deletionTimestamp || pod.pod.status?.extendedResourceClaimStatus?.resourceClaimName !== existing.metadata.name) {
      this.#extendedCleanup.set(key, pod.key);
      void deleteExtendedClaim(this.#h, existing, pod.uid).catch((err: unknown) => {
        this.#h.log.warn({ err, claim: key, pod: pod.key }, 'could not delete stale extended resource claim');
        this.#extendedCleanup.delete(key);
        this.#h.requeue?.(pod.key);
      });
      return unschedulable(`extended resource claim ${key} of an earlier attempt is being deleted`);
    }
    cycle.claims.push(existing);
    return undefined;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const cycle = state.read<DraCycle>(KEY);
    if (!cycle || !node.node) return SUCCESS;
    for (const { claim, allocation } of cycle.allocated) {
      if (allocation.nodeSelector && !nodeSelectorMatches(allocation.nodeSelector, node.node)) {
        return unresolvable(`resourceclaim "${claim.metadata.name}" is allocated on another node`);
      }
    }
    const ext = cycle.extended.length ? extendedClaimForNode(this.state, pod, cycle.extended, node, cycle.extendedMemo) : undefined;
    if (cycle.toAllocate.length === 0 && !ext) return SUCCESS;
    const claims = ext ? [...cycle.toAllocate, ext.claim] : cycle.toAllocate;
    const out = this.#allocate(claims, node.node, this.state.snapshot, this.#inUse(node));
    if (!out.ok) return out.unresolvable ? unresolvable(out.reason) : unschedulable(out.reason);
    cycle.results.set(node.name, out.results);
    if (ext) cycle.extendedByNode.set(node.name, ext);
    return SUCCESS;
  }

  /** In-flight devices, plus on nodes running classic GPU pods the GPUs those hold. */
  #inUse(node: NodeInfo): Set<string> {
    const classic = classicHeldDevices(this.state, node);
    if (classic.size === 0) return this.state.inFlightDevices;
    return new Set([...this.state.inFlightDevices, ...classic]);
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    if (!state.read<DraCycle>(KEY)) return 0;
    const { total, used } = this.state.nodeDeviceUsage(node.name);
    return total ? (used * MAX_NODE_SCORE) / total : 0;
  }

  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status {
    const cycle = state.read<DraCycle>(KEY);
    if (!cycle) return SUCCESS;
    const ext = cycle.extendedByNode.get(nodeName);
    cycle.extendedChosen = ext;
    if (cycle.toAllocate.length === 0 && !ext) return SUCCESS;
    const results = cycle.results.get(nodeName);
    if (!results) return errorStatus(new Error(`no device allocation computed for node ${nodeName}`));
    const todo: [string, ResourceClaim][] = cycle.toAllocate.map((c) => [claimKey(c), c]);
    if (ext) todo.push([pendingKey(pod), ext.claim]);
    for (const [key, c] of todo) {
      const allocation = results.get(c.metadata.name ?? '');
      if (!allocation) return errorStatus(new Error(`no allocation for claim ${c.metadata.name}`));
      const devices = allocationDevices(allocation);
      const clash = devices.find((d) => this.state.inFlightDevices.has(d) || this.state.snapshot.allocated.has(d));
      if (clash) return unschedulable(`device ${clash} was taken by another pod in the meantime`);
      this.state.addInFlight(key, { podKey: pod.key, allocation, devices });
    }
    return SUCCESS;
  }

  unreserve(state: CycleState, pod: PodInfo): void {
    const cycle = state.read<DraCycle>(KEY);
    if (!cycle) return;
    for (const c of cycle.toAllocate) this.state.dropInFlight(claimKey(c), pod.key);
    this.state.dropInFlight(pendingKey(pod), pod.key);
    for (const c of cycle.written.splice(0)) this.#rollback(c, pod);
    const created = cycle.extendedCreated;
    cycle.extendedCreated = undefined;
    if (created) {
      // Nobody else may use the special claim: delete it; the next attempt makes a new one.
      const key = claimKey(created);
      this.state.dropInFlight(key, pod.key);
      this.#extendedCleanup.set(key, pod.key);
      void deleteExtendedClaim(this.#h, created, pod.uid).catch((err: unknown) => {
        this.#h.log.warn({ err, claim: key, pod: pod.key }, 'could not delete extended resource claim');
        this.#extendedCleanup.delete(key);
        this.#h.requeue?.(pod.key);
      });
    }
  }

  #rollback(c: ResourceClaim, pod: PodInfo): void {
    const key = claimKey(c);
    const gated = this.#rollingBack.get(key) ?? new Set<string>();
    gated.add(pod.key);
    this.#rollingBack.set(key, gated);
    void rollbackClaim(this.#h, c, pod.uid)
      .catch((err: unknown) => this.#h.log.warn({ err, claim: key, pod: pod.key }, 'could not roll back resource claim'))
      .finally(() => {
        this.#rollingBack.delete(key);
        for (const p of gated) this.#h.requeue?.(p);
      });
  }

  async preBind(state: CycleState, pod: PodInfo): Promise<Status> {
    const cycle = state.read<DraCycle>(KEY);
    if (!cycle) return SKIP;
    for (const c of cycle.claims) {
      const inFlight = this.state.inFlight.get(claimKey(c));
      const allocation = inFlight?.podKey === pod.key ? inFlight.allocation : undefined;
      const s = await writeAllocation(this.#h, c, pod, allocation, (w) => cycle.written.push(w));
      if (s.code !== 'Success') return s;
    }
    return cycle.extendedChosen ? this.#bindExtended(pod, cycle, cycle.extendedChosen) : SUCCESS;
  }

  /** Create the special claim, write its allocation and reservation, record the mapping on the pod. */
  async #bindExtended(pod: PodInfo, cycle: DraCycle, ext: ExtendedClaim): Promise<Status> {
    const pending = this.state.inFlight.get(pendingKey(pod));
    if (pending?.podKey !== pod.key) return unschedulable('the extended resource allocation was released; retrying');
    let created: ResourceClaim;
    try {
      created = await createExtendedClaim(this.#h, ext);
    } catch (e) {
      return errorStatus(e, `creating the extended resource claim: ${e instanceof Error ? e.message : String(e)}`);
    }
    cycle.extendedCreated = created;
    // Re-key the in-flight devices by the real name, so the claim's observed allocation ends them.
    this.state.dropInFlight(pendingKey(pod), pod.key);
    this.state.addInFlight(claimKey(created), pending);
    const s = await writeAllocation(this.#h, created, pod, pending.allocation, (w) => (cycle.extendedCreated = w));
    if (s.code !== 'Success') return s;
    try {
      await recordExtendedStatus(this.#h, pod, created.metadata.name ?? '', ext.requestMappings);
    } catch (e) {
      return errorStatus(e, `recording extendedResourceClaimStatus: ${e instanceof Error ? e.message : String(e)}`);
    }
    return SUCCESS;
  }
}
