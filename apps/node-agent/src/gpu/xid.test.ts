import { describe, expect, it } from 'vitest';
import { isCriticalXid, parseXids } from './xid.ts';

describe('parseXids', () => {
  it('reads the NVRM lines of dmesg and nothing else, with the bus id normalised', () => {
    const dmesg = [
      '[    3.141592] nvidia: loading out-of-tree module taints kernel.',
      '[ 1234.500000] NVRM: Xid (PCI:0000:00:06): 79, pid=\'<unknown>\', name=<unknown>, GPU has fallen off the bus.',
      '[ 1300.000001] NVRM: Xid (PCI:0000:3b:00): 13, pid=4242, name=python, Graphics SM Warp Exception on (GPC 0, TPC 1, SM 0)',
      '[ 1400.25] NVRM: Xid (PCI:0000:3b:00.0): 48, pid=4242, name=python, An uncorrectable double bit error (DBE) has been detected on GPU in the framebuffer at partition 1, subpartition 0.',
      'garbage line',
    ].join('\n');
    expect(parseXids(dmesg)).toEqual([
      { at: 1234.5, pciBusId: '0000:00:06.0', xid: 79, text: "pid='<unknown>', name=<unknown>, GPU has fallen off the bus." },
      { at: 1300.000001, pciBusId: '0000:3b:00.0', xid: 13, text: 'pid=4242, name=python, Graphics SM Warp Exception on (GPC 0, TPC 1, SM 0)' },
      { at: 1400.25, pciBusId: '0000:3b:00.0', xid: 48, text: 'pid=4242, name=python, An uncorrectable double bit error (DBE) has been detected on GPU in the framebuffer at partition 1, subpartition 0.' },
    ]);
  });

  it.each([
    [79, true],
    [48, true],
    [94, true],
    [13, false],
    [31, false],
    [43, false],
    [45, false],
    [68, false],
    [109, false],
  ])('xid %i critical: %s', (xid, critical) => {
    expect(isCriticalXid(xid)).toBe(critical);
  });
});
