/**
 * Property-style: random claims on random slices. Whatever the allocator answers, an
 * allocation never hands out a device twice (within the call, or one already in use), gives
 * every request exactly its count, satisfies every selector (checked by a plain JS predicate
 * standing beside each CEL expression) and every matchAttribute constraint; and "unresolvable"
 * only when some request really has too few matching devices on the node.
 */
import { describe, expect, it } from 'vitest';
import type { Device, ResourceClaim } from '@skiff/api';
import { allocateOnNode } from './allocate.ts';
import { snapshot } from './testdata/snapshot.ts';
import { claim, DRIVER, node, nodeSlice } from './testdata/h100.ts';

function prng(seed: number) {
  return () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const A = `device.attributes['${DRIVER}']`;
const C = `device.capacity['${DRIVER}']`;
interface Dev { type: string; mem: number; parent: string; index: number }
const SELECTORS: [string, (d: Dev) => boolean][] = [
  [`${C}.memory.compareTo(quantity('40Gi')) >= 0`, (d) => d.mem >= 40],
  [`${A}.type == 'mig'`, (d) => d.type === 'mig'],
  [`${A}.type == 'gpu'`, (d) => d.type === 'gpu'],
  [`${A}.index % 2 == 0`, (d) => d.index % 2 === 0],
  [`${A}.parentUUID.matches('^GPU-[01]$')`, (d) => /^GPU-[01]$/.test(d.parent)],
  [`${C}.memory.isLessThan(quantity('30Gi'))`, (d) => d.mem < 30],
];

/** Independent exhaustive check: is there any assignment at all? (tiny inputs only) */
function bruteForceFits(claims: ResourceClaim[], devs: Dev[], preds: Map<string, (d: Dev) => boolean>, allocated: string[]): boolean {
  const slots = claims.flatMap((c, ci) => c.spec.devices!.requests!.map((r) => ({ ci, pred: preds.get(`c${ci}/${r.name}`)!, count: r.exactly!.count!, constrained: c.spec.devices!.constraints!.length > 0 })));
  const used = new Set(allocated.map((k) => Number(k.split('-').pop())));
  const parents = new Map<number, string>();
  const go = (s: number, from: number, left: number): boolean => {
    if (s === slots.length) return true;
    const slot = slots[s]!;
    if (left === 0) return go(s + 1, 0, slots[s + 1]?.count ?? 0);
    for (let i = from; i < devs.length; i++) {
      const d = devs[i]!;
      if (used.has(i) || !slot.pred(d)) continue;
      const p = parents.get(slot.ci);
      if (slot.constrained && p !== undefined && p !== d.parent) continue;
      used.add(i);
      const had = parents.has(slot.ci);
      if (slot.constrained && !had) parents.set(slot.ci, d.parent);
      const ok = go(s, i + 1, left - 1);
      used.delete(i);
      if (slot.constrained && !had) parents.delete(slot.ci);
      if (ok) return true;
    }
    return false;
  };
  return go(0, 0, slots[0]?.count ?? 0);
}

describe('random claims on random slices', () => {
  it('never a device twice, every selector and constraint satisfied, no false failures (300 trials)', () => {
    const rnd = prng(42);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    let allocations = 0;
    for (let trial = 0; trial < 300; trial++) {
      const devs: Dev[] = Array.from({ length: 2 + Math.floor(rnd() * 10) }, (_, index) => ({ type: pick(['gpu', 'mig']), mem: pick([10, 20, 40, 80]), parent: pick(['GPU-0', 'GPU-1', 'GPU-2']), index }));
      const byName = new Map(devs.map((d) => [`dev-${d.index}`, d]));
      const devices: Device[] = devs.map((d) => ({
        name: `dev-${d.index}`,
        attributes: { type: { string: d.type }, parentUUID: { string: d.parent }, index: { int: d.index } },
        capacity: { memory: { value: `${d.mem}Gi` } },
      }));
      const allocated = devs.filter(() => rnd() < 0.2).map((d) => `${DRIVER}/node-1/dev-${d.index}`);
      const preds = new Map<string, (d: Dev) => boolean>();
      const claims: ResourceClaim[] = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, ci) => {
        const requests = Array.from({ length: 1 + Math.floor(rnd() * 2) }, (_, ri) => {
          const sel = rnd() < 0.7 ? [pick(SELECTORS)] : [];
          const name = `r${ri}`;
          preds.set(`c${ci}/${name}`, (d) => sel.every(([, p]) => p(d)));
          return { name, exactly: { deviceClassName: 'any', count: 1 + Math.floor(rnd() * 2), selectors: sel.map(([expression]) => ({ cel: { expression } })) } };
        });
        const constraints = rnd() < 0.4 ? [{ matchAttribute: `${DRIVER}/parentUUID` }] : [];
        return claim(`c${ci}`, { devices: { requests, constraints } });
      });
      const anyClass = { apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', metadata: { name: 'any' }, spec: { selectors: [{ cel: { expression: `device.driver == '${DRIVER}'` } }] } };
      const snap = snapshot([nodeSlice('node-1', devices)], { classes: [anyClass], allocated });
      const out = allocateOnNode(claims, node('node-1'), snap);
      if (!out.ok) {
        if (!out.unresolvable) expect(bruteForceFits(claims, devs, preds, allocated), out.reason).toBe(false);
        if (out.unresolvable) {
          const short = claims.some((c, ci) => c.spec.devices!.requests!.some((r) => devs.filter(preds.get(`c${ci}/${r.name}`)!).length < r.exactly!.count!));
          expect(short, out.reason).toBe(true);
        }
        continue;
      }
      allocations++;
      const seen = new Set<string>();
      claims.forEach((c, ci) => {
        const results = out.results.get(`c${ci}`)!.devices!.results!;
        for (const r of c.spec.devices!.requests!) {
          const mine = results.filter((x) => x.request === r.name);
          expect(mine.length).toBe(r.exactly!.count);
          for (const x of mine) expect(preds.get(`c${ci}/${r.name}`)!(byName.get(x.device)!)).toBe(true);
        }
        for (const x of results) {
          const k = `${x.driver}/${x.pool}/${x.device}`;
          expect(seen.has(k), `${k} twice`).toBe(false);
          expect(allocated).not.toContain(k);
          seen.add(k);
        }
        if (c.spec.devices!.constraints!.length) expect(new Set(results.map((x) => byName.get(x.device)!.parent)).size).toBe(1);
      });
    }
    expect(allocations).toBeGreaterThan(50);
  });
});
