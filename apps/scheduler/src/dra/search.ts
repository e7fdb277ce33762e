/**
 * Backtracking over every request of every claim of the pod, in order: for each request try
 * its alternatives (firstAvailable order), and for each alternative the combinations of free
 * matching devices, in slice order, checking the claim's constraints and the shared counters
 * as each device is added. A dead end undoes the last device and tries the next, so a
 * matchAttribute value that only a later device satisfies, or a first claim whose greedy pick
 * starves the second, is found. Never one device twice: `used` spans all claims of the call.
 * A step budget bounds pathological inputs (upstream relies on a context timeout instead).
 */
import type { ConstraintState } from './constraints.ts';
import type { CounterLedger } from './counters.ts';
import type { Alternative, Slot } from './matching.ts';
import type { Candidate } from './pools.ts';

export const MAX_SEARCH_STEPS = 200_000;

export interface Choice {
  alternative: Alternative;
  devices: Candidate[];
}

export type SearchResult = { ok: true; choices: Choice[] } | { ok: false; gaveUp: boolean; steps: number };

export interface SearchInput {
  slots: Slot[];
  /** Per slot, per alternative: the free devices it may take (in-use ones already removed). */
  free: Candidate[][][];
  /** Per slot, per alternative: the claim constraints that apply to it. */
  constraints: ConstraintState[][][];
  ledger: CounterLedger;
}

export function search({ slots, free, constraints, ledger }: SearchInput): SearchResult {
  const used = new Set<string>();
  const choices: Choice[] = [];
  let steps = 0;
  let gaveUp = false;

  const add = (cs: ConstraintState[], c: Candidate): boolean => {
    if (used.has(c.key)) return false;
    for (let i = 0; i < cs.length; i++) {
      if (cs[i]!.add(c)) continue;
      for (let j = 0; j < i; j++) cs[j]!.remove(c);
      return false;
    }
    if (!ledger.tryConsume(c)) {
      for (const x of cs) x.remove(c);
      return false;
    }
    used.add(c.key);
    return true;
  };
  const undo = (cs: ConstraintState[], c: Candidate): void => {
    used.delete(c.key);
    ledger.release(c);
    for (const x of cs) x.remove(c);
  };

  const solveSlot = (s: number): boolean => {
    if (s === slots.length) return true;
    const alts = slots[s]!.alternatives;
    for (let a = 0; a < alts.length; a++) {
      const alt = alts[a]!;
      const cs = constraints[s]![a]!;
      const list = free[s]![a]!;
      const picked: Candidate[] = [];
      choices[s] = { alternative: alt, devices: picked };
      if (alt.all) {
        // All: every matching device, each free; nothing to choose, only to verify.
        if (alt.count === 0 || list.length !== alt.matching.length) continue;
        for (const c of list) {
          if (!add(cs, c)) break;
          picked.push(c);
        }
        if (picked.length === list.length && solveSlot(s + 1)) return true;
        for (let i = picked.length - 1; i >= 0; i--) undo(cs, picked[i]!);
      } else if (pick(s, cs, list, alt.count, 0, picked)) return true;
      if (gaveUp) return false;
    }
    return false;
  };

  const pick = (s: number, cs: ConstraintState[], list: Candidate[], count: number, from: number, picked: Candidate[]): boolean => {
    if (picked.length === count) return solveSlot(s + 1);
    for (let i = from; i <= list.length - (count - picked.length); i++) {
      if (++steps > MAX_SEARCH_STEPS) {
        gaveUp = true;
        return false;
      }
      const c = list[i]!;
      if (!add(cs, c)) continue;
      picked.push(c);
      if (pick(s, cs, list, count, i + 1, picked)) return true;
      picked.pop();
      undo(cs, c);
      if (gaveUp) return false;
    }
    return false;
  };

  return solveSlot(0) ? { ok: true, choices: choices.map((c) => ({ alternative: c.alternative, devices: [...c.devices] })) } : { ok: false, gaveUp, steps };
}
