/**
 * The `ip` commands the loopback table runs and how it reads their answers (recorded runner),
 * then ownership on the real kernel: two owners on one host's lo (root / CAP_NET_ADMIN needed;
 * skipped with a reason otherwise, unless SKIFF_REQUIRE_DOCKER=1, as in CI, where that fails).
 */
import { describe, expect, it } from 'vitest';
import { instanceLabel, isValidLabel, LoopbackAddresses, runIp, type IpRunner } from './local-addresses.ts';

function recorder(replies: Array<{ code: number; stdout?: string; stderr?: string }>): { run: IpRunner; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: async (args) => {
      calls.push(args.join(' '));
      const r = replies.shift() ?? { code: 0 };
      return { code: r.code, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    },
  };
}

describe('LoopbackAddresses', () => {
  it('lists only the addresses under its label', async () => {
    const out = '1: lo    inet 169.254.20.10/32 scope global lo:skiff\\       valid_lft forever preferred_lft forever\n1: lo    inet 10.96.0.7/32 scope global lo:skiff\\       valid_lft forever\n';
    const r = recorder([{ code: 0, stdout: out }]);
    expect(await new LoopbackAddresses('lo:skiff', r.run).list()).toEqual({ ok: true, ips: ['169.254.20.10', '10.96.0.7'] });
    expect(r.calls).toEqual(['-o -4 addr show dev lo label lo:skiff']);
  });

  it('add and remove are idempotent; other failures come back with the command\'s words', async () => {
    const held = { code: 0, stdout: '1: lo    inet 10.96.0.7/32 scope global lo:skt1\\       valid_lft forever\n' };
    const r = recorder([{ code: 2, stderr: 'RTNETLINK answers: File exists' }, held, { code: 2, stderr: 'RTNETLINK answers: Cannot assign requested address' }, { code: 2, stderr: 'RTNETLINK answers: Operation not permitted' }]);
    const a = new LoopbackAddresses('lo:skt1', r.run);
    expect(await a.add('10.96.0.7')).toEqual({ ok: true });
    expect(await a.remove('10.96.0.7')).toEqual({ ok: true });
    expect(await a.add('10.96.0.8')).toEqual({ ok: false, reason: 'Failed', error: 'RTNETLINK answers: Operation not permitted' });
    // An address already there is looked up under our label; removal names the label, so the kernel removes only ours.
    expect(r.calls).toEqual(['addr add 10.96.0.7/32 dev lo label lo:skt1', '-o -4 addr show dev lo label lo:skt1', 'addr del 10.96.0.7/32 dev lo label lo:skt1', 'addr add 10.96.0.8/32 dev lo label lo:skt1']);
  });

  it('an address already there under our label is fine in the newer iproute2 wording too (what a kill -9 leaves behind)', async () => {
    const r = recorder([{ code: 2, stderr: 'Error: ipv4: Address already assigned.' }, { code: 0, stdout: '1: lo    inet 169.254.20.10/32 scope global lo:skt1\\ valid_lft forever\n' }]);
    expect(await new LoopbackAddresses('lo:skt1', r.run).add('169.254.20.10')).toEqual({ ok: true });
  });

  it('an address already there under another label is HeldByOther; removing one that is not ours (newer wording) is a no-op', async () => {
    const r = recorder([{ code: 2, stderr: 'Error: ipv4: Address already assigned.' }, { code: 0, stdout: '' }, { code: 2, stderr: 'Error: ipv4: Address not found.' }]);
    const a = new LoopbackAddresses('lo:skt1', r.run);
    expect(await a.add('10.96.0.1')).toEqual({ ok: false, reason: 'HeldByOther', error: expect.stringContaining('another label than lo:skt1') });
    expect(await a.remove('10.96.0.1')).toEqual({ ok: true });
  });

  it('instance labels: valid, stable for one agent, different for two agents on one host', () => {
    const a = instanceLabel('myhost', '/home/me/.skiff/node-agent');
    expect(isValidLabel(a)).toBe(true);
    expect(a).toMatch(/^lo:sk[0-9a-f]{10}$/);
    expect(instanceLabel('myhost', '/home/me/.skiff/node-agent')).toBe(a);
    expect(instanceLabel('myhost', '/tmp/other/node-agent')).not.toBe(a);
    expect(instanceLabel('node-1', '/var/lib/skiff/node-1')).not.toBe(instanceLabel('node-2', '/var/lib/skiff/node-1'));
  });

  it.each([['lo:skiff', true], ['lo:sk-t_9', true], ['lo', false], ['lo:*', false], ['eth0:skiff', false], ['lo:abcdefghijklm', false]])('label %s valid=%s', (label, ok) => {
    expect(isValidLabel(label)).toBe(ok);
  });
});

/** Can this process change lo? Probed with a harmless list: unprivileged adds fail with EPERM. */
async function privileged(): Promise<string | undefined> {
  const r = await runIp(['-o', '-4', 'addr', 'show', 'dev', 'lo']);
  if (r.code !== 0) return `no ip command: ${r.stderr}`;
  return process.getuid?.() === 0 ? undefined : 'not root: cannot add loopback addresses';
}
const why = await privileged();
const required = process.env['SKIFF_REQUIRE_DOCKER'] === '1';
if (why && !required) console.warn(`skipping loopback ownership on the real kernel: ${why}; set SKIFF_REQUIRE_DOCKER=1 to make this a failure`);

describe.skipIf(!!why && !required)('two owners on the real loopback', () => {
  // Inside 127/8, which lo already routes locally: nothing else on the host notices.
  const ip = `127.${100 + (process.pid % 100)}.${(process.pid >> 8) & 255}.${1 + (process.pid % 250)}`;

  it('neither adopts, lists or removes the other\'s address; the owner still can', async () => {
    if (why) throw new Error(`SKIFF_REQUIRE_DOCKER=1 but ${why}`);
    const mine = new LoopbackAddresses(instanceLabel('cluster-a', String(process.pid)));
    const theirs = new LoopbackAddresses(instanceLabel('cluster-b', String(process.pid)));
    try {
      expect(await mine.add(ip)).toEqual({ ok: true });
      expect(await mine.add(ip)).toEqual({ ok: true });
      expect(await theirs.add(ip)).toEqual({ ok: false, reason: 'HeldByOther', error: expect.stringContaining(ip) });
      expect(await theirs.list()).toEqual({ ok: true, ips: [] });
      // The other owner's removal (its stop(), its stale-address sweep) leaves the address alone.
      expect(await theirs.remove(ip)).toEqual({ ok: true });
      expect(await mine.list()).toEqual({ ok: true, ips: [ip] });
      expect(await mine.remove(ip)).toEqual({ ok: true });
      expect(await mine.list()).toEqual({ ok: true, ips: [] });
    } finally {
      await mine.remove(ip);
    }
  });
});
