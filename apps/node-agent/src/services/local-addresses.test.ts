/** The `ip` commands the loopback table runs and how it reads their answers (recorded runner). */
import { describe, expect, it } from 'vitest';
import { isValidLabel, LoopbackAddresses, type IpRunner } from './local-addresses.ts';

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
    const r = recorder([{ code: 2, stderr: 'RTNETLINK answers: File exists' }, { code: 2, stderr: 'RTNETLINK answers: Cannot assign requested address' }, { code: 2, stderr: 'RTNETLINK answers: Operation not permitted' }]);
    const a = new LoopbackAddresses('lo:skt1', r.run);
    expect(await a.add('10.96.0.7')).toEqual({ ok: true });
    expect(await a.remove('10.96.0.7')).toEqual({ ok: true });
    expect(await a.add('10.96.0.8')).toEqual({ ok: false, error: 'RTNETLINK answers: Operation not permitted' });
    expect(r.calls).toEqual(['addr add 10.96.0.7/32 dev lo label lo:skt1', 'addr del 10.96.0.7/32 dev lo', 'addr add 10.96.0.8/32 dev lo label lo:skt1']);
  });

  it('an address already there is fine in the newer iproute2 wording too (what a kill -9 leaves behind)', async () => {
    const r = recorder([{ code: 2, stderr: 'Error: ipv4: Address already assigned.' }]);
    expect(await new LoopbackAddresses('lo:skt1', r.run).add('169.254.20.10')).toEqual({ ok: true });
  });

  it.each([['lo:skiff', true], ['lo:sk-t_9', true], ['lo', false], ['lo:*', false], ['eth0:skiff', false], ['lo:abcdefghijklm', false]])('label %s valid=%s', (label, ok) => {
    expect(isValidLabel(label)).toBe(ok);
  });
});
