import { afterEach, describe, expect, it } from 'vitest';
import { ShellWorker } from './shell.ts';
import { findStaticBusybox } from './static-binary.ts';
import { hostIfName, probeVeth, VethWiring, wireCommands } from './veth.ts';

const BRIDGE = { name: 'br-0123456789ab', gateway: '172.18.0.1', prefixLength: 16 };
const HOST_PIDS = 'pid:[4026531836]';
let shell: ShellWorker | undefined;
afterEach(() => shell?.close());

describe('wireCommands: what the agent runs to give a container its address', () => {
  const target = { containerId: 'abcdef0123456789', pid: 4242, ip: '172.18.200.7' };
  const wiring = [
    { argv: ['ip', '-batch', '-'], stdin: 'link add skiffabcdef0123 mtu 1450 type veth peer name eth0 mtu 1450 netns 4242\nlink set skiffabcdef0123 master br-0123456789ab up' },
    { argv: ['nsenter', '-t', '4242', '-n', 'ip', '-batch', '-'], stdin: 'addr add 172.18.200.7/16 dev eth0\nlink set eth0 up\nroute add default via 172.18.0.1 dev eth0' },
  ];
  it('makes the pair into the namespace and plugs the host end (one ip run), then configures the pod end (one inside)', () => {
    expect(wireCommands(target, { ...BRIDGE, mtu: 1450 })).toEqual(wiring);
    expect(hostIfName('abcdef0123456789').length).toBeLessThanOrEqual(15);
  });
  it('a container wired before (agent restart) loses its old pair first, whether it still exists or not', () => {
    expect(wireCommands({ ...target, rewire: true }, { ...BRIDGE, mtu: 1450 })).toEqual([{ argv: ['ip', 'link', 'del', 'skiffabcdef0123'], optional: true }, ...wiring]);
  });
});

describe('probeVeth: says why the agent cannot wire pods', () => {
  it.each([
    ['not root', { uid: 1000 }, BRIDGE, 'the agent does not run as root'],
    ['a PID namespace of its own', { uid: 0, pidNamespace: 'pid:[4026532999]' }, BRIDGE, "the agent runs in its own PID namespace (pid:[4026532999]), not the host's"],
    ['no bridge', { uid: 0, pidNamespace: HOST_PIDS }, undefined, 'the pod network has no bridge with a fixed-address range'],
    ['no static busybox', { uid: 0, pidNamespace: HOST_PIDS, busybox: '' }, BRIDGE, 'no static busybox (install busybox-static)'],
    ['a bridge that is not here', { uid: 0, pidNamespace: HOST_PIDS, busybox: findStaticBusybox() }, { ...BRIDGE, name: 'br-nothere' }, "the bridge br-nothere is not in the agent's network namespace"],
  ])('%s', async (_n, opts, bridge, why) => {
    shell = new ShellWorker();
    expect(await probeVeth(shell, bridge, opts)).toEqual({ ok: false, why });
  });

  it('a bridge that is here (lo stands in), with the tools and busybox: wiring available', async () => {
    shell = new ShellWorker();
    const r = await probeVeth(shell, { ...BRIDGE, name: 'lo' }, { uid: 0, pidNamespace: HOST_PIDS, busybox: findStaticBusybox() });
    expect(r.ok).toBe(true);
  });
});

describe('VethWiring.wire refuses a PID that is not the container\'s', () => {
  it('this process is no container: fatal, nothing run', async () => {
    let ran = false;
    const fake = { run: async () => ((ran = true), { code: 0, output: '' }) } as unknown as ShellWorker;
    const w = new VethWiring(fake, { ...BRIDGE, mtu: 1500 }, '/bin/busybox');
    const r = await w.wire({ containerId: 'f'.repeat(64), pid: process.pid, ip: '172.18.200.7' });
    expect(r).toEqual({ ok: false, fatal: true, message: `process ${process.pid} is not container ffffffffffff's (the agent does not see the host's PIDs)` });
    expect(ran).toBe(false);
  });
});
