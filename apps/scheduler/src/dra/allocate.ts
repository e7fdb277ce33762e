/**
 * allocateOnNode: the devices for all unallocated claims of one pod on one node, or why not.
 * Steps: validate against classes → the node's device tables (pools.ts) → per request the
 * matching devices (matching.ts) → quick infeasibility checks that also decide whether the
 * failure is unresolvable → backtracking search (search.ts) → status.allocation per claim.
 */
import type { Node, ResourceClaim } from '@skiff/api';
import { constraintsOf, type ConstraintState } from './constraints.ts';
import { CounterLedger } from './counters.ts';
import { buildSlots, describeMismatch, type Slot } from './matching.ts';
import { deviceTables } from './pools.ts';
import { claimAllocation } from './result.ts';
import { search, MAX_SEARCH_STEPS } from './search.ts';
import type { AllocationOutcome, ClaimAllocation, DraSnapshot } from './types.ts';
import { claimRef, validateClaimAgainstClasses } from './validate.ts';

const fail = (reason: string, unresolvable = false): AllocationOutcome => (unresolvable ? { ok: false, reason, unresolvable } : { ok: false, reason });

/** "…; pool x is incomplete (…)" when pools were skipped: they may be why devices are missing. */
function withPools(reason: string, incomplete: string[]): string {
  return incomplete.length ? `${reason}; ${incomplete.join('; ')}` : reason;
}

const need = (count: number, all: boolean) => (all ? ' (allocationMode All needs at least 1)' : count > 1 ? ` (need ${count})` : '');

export function allocateOnNode(claims: ResourceClaim[], node: Node, snap: DraSnapshot, alsoInUse?: Set<string>): AllocationOutcome {
  for (const claim of claims) {
    const err = validateClaimAgainstClasses(claim, snap.classes);
    if (err) return fail(err, true);
  }
  const tables = deviceTables(node, snap.slicesByNode, snap.sharedSlices);
  const incomplete = tables.flatMap((t) => t.incompletePools);
  const slots = buildSlots(claims, snap.classes, tables);
  const extra = alsoInUse && alsoInUse.size > 0 ? alsoInUse : undefined;
  const taken = extra ? (k: string) => snap.allocated.has(k) || extra.has(k) : (k: string) => snap.allocated.has(k);

  // Unusable selectors and too few matching devices cannot be fixed by freeing devices.
  for (const slot of slots) {
    const ref = claimRef(claims[slot.claimIndex]!);
    for (const alt of slot.alternatives) {
      const broken = alt.selectors.find((s) => s.error !== undefined);
      if (broken) return fail(`claim ${ref}, request ${alt.resultName}: selector ${broken.expression}: ${broken.error}`, true);
    }
    const fits = slot.alternatives.some((a) => a.count > 0 && a.matching.length >= a.count);
    if (!fits) {
      const why = slot.alternatives.map((a) => describeMismatch(a, need(a.count, a.all))).join('; ');
      return fail(withPools(`claim ${ref}: ${why}`, incomplete), true);
    }
  }

  const free = slots.map((slot) => slot.alternatives.map((a) => (a.adminAccess ? a.matching : a.matching.filter((c) => !taken(c.key)))));
  for (const [s, slot] of slots.entries()) {
    const lists = free[s]!;
    if (slot.alternatives.some((a, i) => (a.all ? lists[i]!.length === a.matching.length : lists[i]!.length >= a.count))) continue;
    const a = slot.alternatives[0]!;
    const ref = claimRef(claims[slot.claimIndex]!);
    return fail(withPools(`cannot allocate all claims: claim ${ref}, request ${a.resultName}: ${lists[0]!.length} of ${a.matching.length} matching devices are free${need(a.count, a.all)}`, incomplete));
  }

  const perClaim = claims.map(constraintsOf);
  const none: ConstraintState[] = [];
  const constraints: ConstraintState[][][] = slots.map((slot: Slot) => {
    const cs = perClaim[slot.claimIndex]!;
    return slot.alternatives.map((a) => (cs.length ? cs.filter((c) => c.appliesTo(slot.requestName, a.resultName)) : none));
  });
  const res = search({ slots, free, constraints, ledger: new CounterLedger(tables, taken) });
  if (!res.ok) {
    const limits = [perClaim.some((c) => c.length) ? 'constraints' : '', tables.some((t) => t.counterSets.size) ? 'shared counters' : ''].filter(Boolean);
    const why = res.gaveUp ? `: gave up after ${MAX_SEARCH_STEPS} search steps` : limits.length ? `: no combination of free devices satisfies the ${limits.join(' and ')}` : '';
    return fail(withPools(`cannot allocate all claims${why}`, incomplete));
  }
  const results = new Map<string, ClaimAllocation>();
  const nodeName = node.metadata.name ?? '';
  claims.forEach((claim, i) => results.set(claim.metadata.name ?? '', claimAllocation(claim, i, slots, res.choices, nodeName)));
  return { ok: true, results };
}
