/**
 * Claim constraints during the search. matchAttribute: every device chosen for the named
 * requests (all requests when none are named) has the attribute, with one value; a device
 * lacking it fails. distinctAttribute: the values are pairwise different. Attribute names
 * are fully qualified; a driver's own short names count as `<driver>/<name>`.
 */
import type { ResourceClaim } from '@skiff/api';
import { attributeValue, qualify } from './cel/device-value.ts';
import { Semver } from './cel/semver.ts';
import type { Candidate } from './pools.ts';

/** A comparable rendering of the attribute (type-tagged so 1 and "1" differ), or undefined. */
export function attributeKey(c: Candidate, name: string): string | undefined {
  if (c.attributeKeys.has(name)) return c.attributeKeys.get(name);
  const attrs = c.device.attributes ?? {};
  const [domain, id] = qualify(name, c.driver);
  const raw = attrs[name] ?? (domain === c.driver ? attrs[id] : undefined);
  const v = raw ? attributeValue(raw) : undefined;
  let key: string | undefined;
  if (v instanceof Semver) key = `version:${v.major}.${v.minor}.${v.patch}${v.pre.length ? `-${v.pre.join('.')}` : ''}`;
  else if (v !== undefined) key = `${typeof v}:${String(v)}`;
  c.attributeKeys.set(name, key);
  return key;
}

export class ConstraintState {
  readonly requests: readonly string[];
  readonly attribute: string;
  readonly distinct: boolean;
  #value: string | undefined;
  #count = 0;
  #seen = new Set<string>();

  constructor(requests: readonly string[], attribute: string, distinct: boolean) {
    this.requests = requests;
    this.attribute = attribute;
    this.distinct = distinct;
  }

  appliesTo(requestName: string, resultName: string): boolean {
    return this.requests.length === 0 || this.requests.includes(requestName) || this.requests.includes(resultName);
  }

  /** Adds the device if it keeps the constraint; false (and no change) otherwise. */
  add(c: Candidate): boolean {
    const v = attributeKey(c, this.attribute);
    if (v === undefined) return false;
    if (this.distinct) {
      if (this.#seen.has(v)) return false;
      this.#seen.add(v);
      return true;
    }
    if (this.#count > 0 && v !== this.#value) return false;
    this.#value = v;
    this.#count++;
    return true;
  }

  remove(c: Candidate): void {
    if (this.distinct) this.#seen.delete(attributeKey(c, this.attribute)!);
    else if (--this.#count === 0) this.#value = undefined;
  }
}

export function constraintsOf(claim: ResourceClaim): ConstraintState[] {
  return (claim.spec.devices?.constraints ?? []).flatMap((c) => {
    if (c.matchAttribute) return [new ConstraintState(c.requests ?? [], c.matchAttribute, false)];
    if (c.distinctAttribute) return [new ConstraintState(c.requests ?? [], c.distinctAttribute, true)];
    return [];
  });
}
