/**
 * Identical gang members need not each search the whole cluster. Placing one member changes
 * only the node it was assumed on, so for the next member with the same scheduling-relevant
 * spec, every other node filters and scores as before: its best nodes are among the
 * previous member's best ones plus the node just taken. The hint is that short list
 * (findNode still runs every Filter and Score on it, so feasibility is exact; when nothing
 * in it fits, the normal search runs). Upstream's opportunistic batching (KEP-5598) rests
 * on the same observation, keyed by a pod "signature".
 *
 * Pods with inter-pod affinity or topology spread are left out: placing a sibling changes
 * counts for a whole topology domain, not one node, so the previous ranking says little.
 */
import type { NodeInfo } from '../cache/node-info.ts';
import { hasAffinityConstraints, type PodInfo } from '../cache/pod-info.ts';

/** How many of the previous member's best nodes the next one looks at. */
export const HINT_SIZE = 32;

/** The spec fields that decide where a pod may go and how nodes score for it; undefined = never reuse. */
export function schedulingSignature(p: PodInfo): string | undefined {
  const spec = p.pod.spec;
  if (!spec || hasAffinityConstraints(p) || (spec.topologySpreadConstraints?.length ?? 0) > 0) return undefined;
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
    (spec.containers ?? []).map((c) => (c.ports ?? []).map((pt) => pt.hostPort ?? 0)),
  ]);
}

/** The running ranking across one gang cycle. */
export class SiblingHint {
  #signature: string | undefined;
  #ranking: NodeInfo[] = [];

  /** Nodes for this member to look at, or undefined for a full search. */
  hintFor(sig: string | undefined): NodeInfo[] | undefined {
    if (sig === undefined || sig !== this.#signature || this.#ranking.length === 0) return undefined;
    return this.#ranking.slice(0, HINT_SIZE);
  }

  /**
   * After a member was placed: `ranked` is what its search found, best first. A hinted
   * search saw only the head of the ranking, so the unexamined tail keeps its order behind
   * the fresh results; a full search replaces the ranking.
   */
  record(sig: string | undefined, ranked: readonly NodeInfo[] | undefined, fromHint: boolean, hint: readonly NodeInfo[] | undefined): void {
    if (sig === undefined || !ranked) {
      this.#signature = undefined;
      this.#ranking = [];
      return;
    }
    if (fromHint && sig === this.#signature && hint) {
      const seen = new Set(hint);
      this.#ranking = [...ranked, ...this.#ranking.filter((n) => !seen.has(n))];
    } else this.#ranking = [...ranked];
    this.#signature = sig;
  }
}
