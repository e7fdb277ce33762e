/**
 * GangScheduling (upstream's name; scheduler-plugins calls its twin Coscheduling): the gang's
 * all-or-nothing rule at the extension points that follow placement.
 * - Reserve/Unreserve: count the members holding resources (members.ts).
 * - Permit: a member waits (Reserve held) until minCount members are reserved or bound, then
 *   every waiting member is allowed together; the gang's timeout (timeout.ts) rejects them.
 *   The gang cycle (gang/schedule-gang.ts) reserves all members before any Permit, so there
 *   a gang passes at once or was already undone; the wait matters for members that reach
 *   Permit on their own.
 * - PreBind (after DynamicResources wrote the claims): the bind barrier (barrier.ts), so a
 *   claim write conflict or a deleted node fails the whole attempt before anyone binds.
 * - Unreserve also rejects every waiting member once the gang drops below minCount (as
 *   Coscheduling does; it rejects always, we only when the minimum is lost, so a surplus
 *   member failing does not cost the others their turn), and arms incomplete.ts when bound
 *   members are left holding devices.
 */
import type { Pod } from '@skiff/api';
import type { PodInfo } from '../../cache/pod-info.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { Handle } from '../../framework/handle.ts';
import type * as I from '../../framework/interface.ts';
import { SKIP, SUCCESS, unschedulable, waitStatus, type Status } from '../../framework/status.ts';
import { gangDisplay, gangInfo, gangRefOf, type GangInfo } from '../../gang/gang.ts';
import { ev, type ClusterEvent } from '../../queue/events.ts';
import { PODS } from '../../refs.ts';
import { GangScheduling as NAME } from '../names.ts';
import { BindBarrier } from './barrier.ts';
import { IncompleteGangs } from './incomplete.ts';
import { GangMembers } from './members.ts';
import { gangTimeoutMs, type GangSchedulingArgs } from './timeout.ts';

const podKey = (p: Pod): string => `${p.metadata.namespace ?? 'default'}/${p.metadata.name ?? ''}`;
const terminal = (p: Pod | undefined): boolean => p?.status?.phase === 'Succeeded' || p?.status?.phase === 'Failed';

export class GangSchedulingPlugin implements I.ReservePlugin, I.PermitPlugin, I.PreBindPlugin, I.EventSink, I.EnqueueExtensions {
  readonly name = NAME;
  readonly members = new GangMembers();
  readonly barrier = new BindBarrier(NAME);
  readonly incomplete = new IncompleteGangs();
  readonly #h: Handle;
  readonly #args: GangSchedulingArgs;

  constructor(h: Handle, args: GangSchedulingArgs = {}) {
    this.#h = h;
    this.#args = args;
  }

  events(): ClusterEvent[] {
    // A PodGroup appearing or changing its minimum. (Room freed on nodes or devices re-queues
    // a gang through the plugins that rejected its members; a new member queues itself.)
    return [ev('PodGroup')];
  }

  #gang(pod: Pod): GangInfo | undefined {
    const ref = gangRefOf(pod);
    if (!ref) return undefined;
    const g = gangInfo(this.#h.listers, ref);
    return g.isGang ? g : undefined;
  }

  reserve(_s: CycleState, pod: PodInfo): Status {
    const ref = gangRefOf(pod.pod);
    if (ref) this.members.reserve(ref.key, pod.key);
    return SUCCESS;
  }

  permit(_s: CycleState, pod: PodInfo): I.PermitResult {
    const g = this.#gang(pod.pod);
    if (!g) return { status: SUCCESS };
    const n = this.members.count(g.key);
    if (n >= g.minCount) {
      for (const w of this.#h.framework().waiting.list()) if (gangRefOf(w.pod.pod)?.key === g.key) this.#h.framework().waiting.allow(w.pod.key, NAME);
      return { status: SUCCESS };
    }
    return { status: waitStatus(`gang ${gangDisplay(g)}: ${n} of ${g.minCount} members reserved; waiting for the rest`), timeoutMs: gangTimeoutMs(g, this.#args) };
  }

  async preBind(_s: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    const g = this.#gang(pod.pod);
    if (!g) return SKIP;
    if (!this.#h.cache.getNode(nodeName)) return unschedulable(`gang ${gangDisplay(g)}: node "${nodeName}" was deleted before the gang could bind`);
    // A member whose write finished after the attempt was lost (another member failed
    // meanwhile) would otherwise wait out the whole timeout holding its devices.
    if (this.members.count(g.key) < g.minCount) return unschedulable(`gang ${gangDisplay(g)}: only ${this.members.count(g.key)} of ${g.minCount} members still reserved; another member failed`);
    this.barrier.markReady(g.key, pod.key);
    if (this.#readyOrBound(g.key) >= g.minCount) {
      this.barrier.release(g.key);
      return SUCCESS;
    }
    const ms = gangTimeoutMs(g, this.#args);
    return this.barrier.wait(g.key, pod.key, ms, `gang ${gangDisplay(g)}: rejected due to timeout after waiting ${ms / 1000}s for ${g.minCount} members to be ready to bind`);
  }

  #readyOrBound(gang: string): number {
    let n = this.members.boundKeys(gang).length;
    for (const k of this.barrier.readyKeys(gang)) if (!this.members.isBound(gang, k)) n++;
    return n;
  }

  unreserve(_s: CycleState, pod: PodInfo): void {
    const ref = gangRefOf(pod.pod);
    if (!ref) return;
    this.members.unreserve(ref.key, pod.key);
    this.barrier.forget(ref.key, pod.key);
    const g = this.#gang(pod.pod);
    if (!g || this.members.count(g.key) >= g.minCount) return;
    const reason = `gang ${gangDisplay(g)}: member ${pod.name} was rejected, so the gang is below its minimum (${this.members.count(g.key)} of ${g.minCount})`;
    const waiting = this.#h.framework().waiting;
    for (const w of waiting.list()) if (gangRefOf(w.pod.pod)?.key === g.key) waiting.reject(w.pod.key, NAME, reason);
    this.barrier.reject(g.key, reason);
    if (this.members.boundKeys(g.key).length > 0) this.incomplete.arm(g.key, gangTimeoutMs(g, this.#args), () => this.#expire(g));
  }

  /** Pod events keep the bound index; a gang back at its minimum is no longer incomplete. */
  handleEvent(e: ClusterEvent, oldObj: unknown, newObj: unknown): void {
    if (e.resource !== 'Pod') return;
    const pod = (newObj ?? oldObj) as Pod | undefined;
    const ref = pod && gangRefOf(pod);
    if (!ref) return;
    const key = podKey(pod);
    if (e.action === 'Delete' || terminal(newObj as Pod | undefined)) this.members.gone(ref.key, key);
    else if ((newObj as Pod).spec?.nodeName) {
      this.members.bound(ref.key, key);
      this.barrier.forget(ref.key, key);
      const g = this.#gang(pod);
      if (g && this.members.boundKeys(g.key).length >= g.minCount) this.incomplete.disarm(g.key);
    }
  }

  #expire(g: GangInfo): void {
    const cur = gangInfo(this.#h.listers, g);
    if (this.members.count(g.key) >= cur.minCount) {
      // The failed member is placed again and binding: give it another period.
      if (this.members.boundKeys(g.key).length < cur.minCount) this.incomplete.arm(g.key, gangTimeoutMs(cur, this.#args), () => this.#expire(cur));
      return;
    }
    const bound = this.members.boundKeys(g.key);
    const msg = `gang ${gangDisplay(g)}: only ${bound.length} of ${cur.minCount} members bound after ${gangTimeoutMs(cur, this.#args) / 1000}s; evicting the bound members so their devices are freed and the gang can start again whole`;
    this.#h.log.warn({ gang: g.key, bound }, msg);
    for (const key of bound) {
      const [ns, name] = key.split('/') as [string, string];
      const p = this.#h.listers.pods.get(ns, name);
      if (!p || terminal(p)) continue;
      this.#h.event?.(p, 'Warning', 'GangIncomplete', msg);
      void this.#h.api.delete(PODS, name, { namespace: ns, preconditions: { uid: p.metadata.uid ?? '' } }).catch((err: unknown) => this.#h.log.warn({ err, pod: key }, 'could not evict member of an incomplete gang'));
    }
  }
}
