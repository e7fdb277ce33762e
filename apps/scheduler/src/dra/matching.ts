/**
 * Which devices of a node each request alternative may take, ignoring who uses them: the
 * class's selectors AND the request's selectors (all true), device taints tolerated. The
 * lists are cached on the node's device table per (class object, selectors, tolerations), so
 * a steady cluster evaluates each selector once per device; what remains per call is the
 * in-use check. Rejections are counted by cause for the failure reason.
 */
import type { DeviceClass, DeviceSubRequest, ExactDeviceRequest, ResourceClaim } from '@skiff/api';
import { compileSelector, type CompiledSelector } from './cel/compile.ts';
import { celDevice } from './cel/device-value.ts';
import { untoleratedTaint } from './taints.ts';
import type { Candidate, DeviceTable } from './pools.ts';

export interface MatchReport {
  considered: number;
  /** Cause → number of devices it rejected (first failing check per device). */
  rejected: Map<string, number>;
  /** The first evaluation error, with the device it happened on. */
  firstError: string | undefined;
}

export interface Alternative {
  /** As recorded in results: `req`, or `req/sub` for firstAvailable. */
  resultName: string;
  cls: DeviceClass;
  selectors: CompiledSelector[];
  all: boolean;
  count: number;
  adminAccess: boolean;
  tolerations: ExactDeviceRequest['tolerations'];
  matching: Candidate[];
  report: MatchReport;
}

/** One request of one claim: its alternatives in order (one unless firstAvailable). */
export interface Slot {
  claimIndex: number;
  requestName: string;
  alternatives: Alternative[];
}

interface Cached {
  cls: DeviceClass;
  matching: Candidate[];
  report: MatchReport;
}

function matchTable(table: DeviceTable, cls: DeviceClass, selectors: CompiledSelector[], req: ExactDeviceRequest | DeviceSubRequest): Cached {
  const cacheKey = `${cls.metadata.name}\u0000${selectors.map((s) => s.expression).join('\u0000')}\u0000${req.tolerations ? JSON.stringify(req.tolerations) : ''}`;
  const hit = table.matchCache.get(cacheKey) as Cached | undefined;
  if (hit && hit.cls === cls) return hit;
  const report: MatchReport = { considered: table.candidates.length, rejected: new Map(), firstError: undefined };
  const reject = (cause: string) => report.rejected.set(cause, (report.rejected.get(cause) ?? 0) + 1);
  const matching: Candidate[] = [];
  next: for (const c of table.candidates) {
    const taint = untoleratedTaint(c.device, req.tolerations);
    if (taint) {
      reject(`untolerated taint ${taint}`);
      continue;
    }
    for (const sel of selectors) {
      let r = c.selectorResults.get(sel);
      if (r === undefined) c.selectorResults.set(sel, (r = sel.evaluate(celDevice(c.device, c.driver))));
      if (r === true) continue;
      if (r === false) reject(`selector ${sel.expression}`);
      else {
        reject(`selector ${sel.expression} failed`);
        report.firstError ??= `device ${c.key}: ${r.error}`;
      }
      continue next;
    }
    matching.push(c);
  }
  const entry = { cls, matching, report };
  if (table.matchCache.size >= 256) table.matchCache.clear(); // many one-off request shapes: start over
  table.matchCache.set(cacheKey, entry);
  return entry;
}

function alternative(resultName: string, cls: DeviceClass, req: ExactDeviceRequest | DeviceSubRequest, tables: DeviceTable[]): Alternative {
  const selectors = [...(cls.spec.selectors ?? []), ...(req.selectors ?? [])].flatMap((s) => (s.cel ? [compileSelector(s.cel.expression)] : []));
  let matching: Candidate[] = [];
  let report: MatchReport = { considered: 0, rejected: new Map(), firstError: undefined };
  if (tables.length === 1) {
    // The common case (node-local slices only): share the cached lists, they are never mutated.
    ({ matching, report } = matchTable(tables[0]!, cls, selectors, req));
  } else {
    for (const t of tables) {
      const m = matchTable(t, cls, selectors, req);
      matching.push(...m.matching);
      report.considered += m.report.considered;
      for (const [cause, n] of m.report.rejected) report.rejected.set(cause, (report.rejected.get(cause) ?? 0) + n);
      report.firstError ??= m.report.firstError;
    }
  }
  const all = req.allocationMode === 'All';
  return {
    resultName,
    cls,
    selectors,
    all,
    count: all ? matching.length : (req.count ?? 1),
    adminAccess: 'adminAccess' in req && req.adminAccess === true,
    tolerations: req.tolerations,
    matching,
    report,
  };
}

/** Slots for every request of every claim; classes must exist (validated before). */
export function buildSlots(claims: ResourceClaim[], classes: Map<string, DeviceClass>, tables: DeviceTable[]): Slot[] {
  const slots: Slot[] = [];
  claims.forEach((claim, claimIndex) => {
    for (const r of claim.spec.devices?.requests ?? []) {
      const subs = r.exactly ? [{ name: r.name, req: r.exactly }] : (r.firstAvailable ?? []).map((s) => ({ name: `${r.name}/${s.name}`, req: s }));
      const alternatives = subs.map(({ name, req }) => alternative(name, classes.get(req.deviceClassName)!, req, tables));
      slots.push({ claimIndex, requestName: r.name, alternatives });
    }
  });
  return slots;
}

/** "0/8 devices match request gpus: 8 rejected by selector …; device …: no such key: x" */
export function describeMismatch(alt: Alternative, need: string): string {
  const causes = [...alt.report.rejected].map(([cause, n]) => `${n} rejected by ${cause}`);
  const parts = [`${alt.matching.length}/${alt.report.considered} devices match request ${alt.resultName}${need}`];
  if (causes.length) parts.push(causes.join(', '));
  if (alt.report.firstError) parts.push(alt.report.firstError);
  return parts.join(': ');
}
