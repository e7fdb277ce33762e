/**
 * Consecutive pods with the same scheduling-relevant spec (the replicas of a Deployment, the
 * members of a gang, a Job's workers) need not each search the cluster. Between two such
 * pods only some nodes changed: the one the previous pod was assumed on, and any node an
 * event touched since. Every other node filters and scores for the next pod exactly as it did
 * for the previous one, so the next pod's best node is among the previous pod's best nodes,
 * the changed nodes, and the next few of the previous ranking. That short list is the hint:
 * findNode runs every Filter and Score on it (feasibility stays exact) and falls back to the
 * full search when nothing in it fits. Upstream's opportunistic batching (KEP-5598) rests on
 * the same observation, keyed by a pod "signature".
 *
 * The ranking is dropped when a change could move nodes it did not touch (cache.epoch: device
 * classes, slices, claims, pods with affinity terms, namespaces, a node removed),
 * when too many nodes changed at once, or when the signature differs. Pods with inter-pod
 * affinity or topology spread never reuse: placing one changes a whole topology domain.
 */
import type { SchedulerCache } from '../cache/cache.ts';
import { changeTick, type NodeInfo } from '../cache/node-info.ts';
import { hasAffinityConstraints, type PodInfo } from '../cache/pod-info.ts';

/** How many of the previous ranking's best nodes the next pod looks at. */
export const HINT_SIZE = 32;
/** Plus this many not yet re-examined from further down, so a ranking's tail gets its turn. */
export const HINT_TAIL = 8;
/** More changed nodes than this since the ranking: search fully instead. */
export const MAX_CHANGED = 128;

/**
 * The spec fields that decide where a pod may go and how nodes score for it; undefined = never
 * reuse. Labels count only while some pod in the cache has affinity terms (which match labels):
 * otherwise an Indexed Job's workers, which differ only in their index label, share one.
 */
export function schedulingSignature(p: PodInfo, cache?: SchedulerCache): string | undefined {
  const spec = p.pod.spec;
  if (!spec || hasAffinityConstraints(p) || (spec.topologySpreadConstraints?.length ?? 0) > 0) return undefined;
  if (p.pod.status?.nominatedNodeName) return undefined; // tries its nominated node first
  const res = (cs: readonly { resources?: unknown; restartPolicy?: string }[] | undefined) => (cs ?? []).map((c) => [c.resources ?? null, c.restartPolicy ?? null]);
  return JSON.stringify([
    p.namespace,
    p.priority,
    spec.schedulerName ?? null,
    res(spec.containers),
    res(spec.initContainers),
    (spec as { overhead?: unknown }).overhead ?? null,
    spec.nodeSelector ?? null,
    spec.affinity?.nodeAffinity ?? null,
    spec.tolerations ?? null,
    // Claims from one template have one shape; a shared claim is the same claim.
    (spec.resourceClaims ?? []).map((c) => [(c as { resourceClaimTemplateName?: string }).resourceClaimTemplateName ?? null, (c as { resourceClaimName?: string }).resourceClaimName ?? null]),
    (spec.containers ?? []).map((c) => [c.image ?? null, (c.ports ?? []).map((pt) => pt.hostPort ?? 0)]),
    cache && cache.affinityPods > 0 ? (p.pod.metadata.labels ?? {}) : null,
  ]);
}

/** The ranking carried from one pod to the next (one per scheduler: cycles are sequential). */
export class RankingReuse {
  #signature: string | undefined;
  /** The best nodes of the last search, best first. */
  #examined: NodeInfo[] = [];
  /** The other feasible nodes, a queue: not yet looked at again first, then the last search's overflow. */
  #rest: NodeInfo[] = [];
  #tick = 0;
  #epoch = -1;
  /** Pods placed from a hint / full searches that recorded a ranking (metrics, tests). */
  hinted = 0;
  full = 0;

  /** Nodes for this pod to look at, or undefined for a full search. */
  hintFor(sig: string | undefined, cache: SchedulerCache): NodeInfo[] | undefined {
    if (sig === undefined || sig !== this.#signature || cache.epoch !== this.#epoch) return undefined;
    const changed: NodeInfo[] = [];
    for (const n of cache.nodeList()) {
      if (n.changedAt <= this.#tick) continue;
      if (changed.length === MAX_CHANGED) return undefined;
      changed.push(n);
    }
    const fresh = (n: NodeInfo): boolean => n.node !== undefined && n.changedAt <= this.#tick;
    const hint = [...this.#examined.filter(fresh).slice(0, HINT_SIZE), ...this.#rest.filter(fresh).slice(0, HINT_TAIL), ...changed];
    return hint.length ? hint : undefined;
  }

  /**
   * After a pod was placed: `ranked` is what its search found feasible, best first. The best
   * HINT_SIZE are what the next pod looks at; the rest wait their turn in `#rest`, HINT_TAIL
   * per pod. A full search replaces both.
   */
  record(sig: string | undefined, ranked: readonly NodeInfo[] | undefined, fromHint: boolean, hint: readonly NodeInfo[] | undefined, cache: SchedulerCache): void {
    if (sig === undefined || !ranked) return this.reset();
    if (fromHint && sig === this.#signature && hint) {
      const seen = new Set(hint);
      const keep = (n: NodeInfo): boolean => !seen.has(n) && n.changedAt <= this.#tick;
      // The best stay in view; the others queue behind the not yet re-examined, so every
      // feasible node comes round again (a rotation, as upstream's sampling start rotates).
      this.#examined = ranked.slice(0, HINT_SIZE);
      this.#rest = [...this.#rest.filter(keep), ...ranked.slice(HINT_SIZE)];
      this.hinted++;
    } else {
      this.#examined = ranked.slice(0, HINT_SIZE);
      this.#rest = ranked.slice(HINT_SIZE);
      this.full++;
    }
    this.#signature = sig;
    this.#tick = changeTick();
    this.#epoch = cache.epoch;
  }

  reset(): void {
    this.#signature = undefined;
    this.#examined = [];
    this.#rest = [];
  }
}
