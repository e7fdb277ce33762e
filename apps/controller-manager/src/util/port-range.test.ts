import { describe, expect, it } from 'vitest';
import { parsePortRange } from './port-range.ts';

describe('parsePortRange', () => {
  it('reads kube-apiserver’s FIRST-LAST form and a single port', () => {
    expect(parsePortRange('30000-32767')).toEqual([30000, 32767]);
    expect(parsePortRange(' 31000 - 31999 ')).toEqual([31000, 31999]);
    expect(parsePortRange('30080')).toEqual([30080, 30080]);
  });

  it('refuses what is not a range of ports with one clear line', () => {
    for (const bad of ['', 'abc', '32767-30000', '0-10', '30000-70000', '30000-', '1.5-2']) {
      expect(() => parsePortRange(bad), bad).toThrow(/^invalid --service-node-port-range ".*": want FIRST-LAST/);
    }
  });
});
