import { describe, expect, it } from 'vitest';
import { unresolvable, unschedulable } from '../framework/status.ts';
import { fitErrorMessage, newDiagnosis } from './fit-error.ts';

describe('fitErrorMessage', () => {
  it("groups reasons by count, most frequent first, in upstream's form", () => {
    const d = newDiagnosis(5);
    for (const n of ['a', 'b', 'c']) d.nodeStatuses.set(n, unschedulable('Insufficient nvidia.com/gpu'));
    for (const n of ['d', 'e']) d.nodeStatuses.set(n, unresolvable("node(s) didn't match Pod's node affinity/selector"));
    d.postFilterMsg = 'preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.';
    expect(fitErrorMessage(d)).toBe(
      "0/5 nodes are available: 3 Insufficient nvidia.com/gpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.",
    );
  });
  it('PreFilter rejection and an empty cluster', () => {
    const d = newDiagnosis(3);
    d.preFilter = unresolvable('resourceclaim "x" not found');
    expect(fitErrorMessage(d)).toBe('0/3 nodes are available: resourceclaim "x" not found.');
    expect(fitErrorMessage(newDiagnosis(0))).toBe('0/0 nodes are available: no nodes registered.');
  });
});
