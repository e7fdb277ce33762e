import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureRunner } from './capture-runner.ts';
import { discoverGpus } from './discover.ts';
import { GpuHealthMonitor } from './health-monitor.ts';
import { nodeGpuConditions } from './conditions.ts';
import { resourceSliceFor } from './slice.ts';
import { H100 } from './test-fixtures.ts';
import type { ToolRunner } from './types.ts';

const UUID = 'GPU-e0ecd959-be0e-0507-e318-97f99ef71e8b';
const XML = readFileSync(join(H100(), 'nvidia-smi-q-x.xml'), 'utf8');

/** The H100 capture, with what the test changes at run time on top: a host whose GPU goes bad. */
function host(): { runner: ToolRunner; state: { xml?: string; smiFails?: string; dmesg?: string } } {
  const base = captureRunner(H100());
  const state: { xml?: string; smiFails?: string; dmesg?: string } = {};
  const runner: ToolRunner = {
    ...base,
    async run(cmd, args, timeoutMs) {
      if (cmd === 'dmesg') return state.dmesg === undefined ? { code: 1, stdout: '', stderr: 'dmesg: read kernel buffer failed: Operation not permitted' } : { code: 0, stdout: state.dmesg, stderr: '' };
      if (cmd === 'nvidia-smi' && state.smiFails) return { code: 15, stdout: '', stderr: state.smiFails };
      if (cmd === 'nvidia-smi' && args.join(' ') === '-q -x' && state.xml) return { code: 0, stdout: state.xml, stderr: '' };
      return base.run(cmd, args, timeoutMs);
    },
  };
  return { runner, state };
}

async function start(): Promise<{ monitor: GpuHealthMonitor; inv: Awaited<ReturnType<typeof discoverGpus>>; state: ReturnType<typeof host>['state'] }> {
  const { runner, state } = host();
  const inv = await discoverGpus(runner);
  const monitor = new GpuHealthMonitor({ runner, inventory: inv });
  await monitor.baseline();
  return { monitor, inv, state };
}

describe('GpuHealthMonitor', () => {
  it('changes nothing and reports nothing while the GPU stays healthy', async () => {
    const { monitor, inv } = await start();
    expect(await monitor.refresh()).toEqual([]);
    expect(inv.devices.map((d) => [d.uuid, d.healthy])).toEqual([[UUID, true]]);
  });

  it('a GPU that falls off the bus is reported, kept unhealthy in the inventory, dropped from the slice, and comes back', async () => {
    const { monitor, inv, state } = await start();
    state.smiFails = 'Unable to determine the device handle for GPU0000:00:06.0: Unknown Error';
    const changes = await monitor.refresh();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'unhealthy', uuid: UUID, reason: 'GpuLost' });
    // Still listed (from sysfs), never silently missing; the Node says why; nothing to allocate.
    expect(inv.devices.map((d) => [d.uuid, d.healthy])).toEqual([[UUID, false]]);
    expect(nodeGpuConditions(inv).find((c) => c.type === 'GPUHealthy')).toMatchObject({ status: 'False' });
    expect((resourceSliceFor('n1', inv, 2).spec as { devices: unknown[] }).devices).toEqual([]);

    state.smiFails = undefined;
    const back = await monitor.refresh();
    expect(back).toEqual([expect.objectContaining({ kind: 'recovered', uuid: UUID })]);
    expect(nodeGpuConditions(inv).find((c) => c.type === 'GPUHealthy')).toMatchObject({ status: 'True' });
  });

  it('a recovery action the driver asks for (after an XID) makes the GPU unhealthy with that reason', async () => {
    const { monitor, inv, state } = await start();
    state.xml = XML.replace('<gpu_recovery_action>None</gpu_recovery_action>', '<gpu_recovery_action>Reset</gpu_recovery_action>');
    expect(state.xml).not.toBe(XML);
    const changes = await monitor.refresh();
    expect(changes).toEqual([expect.objectContaining({ kind: 'unhealthy', uuid: UUID, reason: 'GpuRecoveryActionRequired' })]);
    expect(changes[0]!.message).toContain('Recovery Action "Reset"');
    expect(inv.problems.map((p) => p.reason)).toContain('GpuRecoveryActionRequired');
  });

  it('a critical XID logged after start marks its GPU unhealthy and keeps it so; application XIDs and old ones do not', async () => {
    const { runner, state } = host();
    state.dmesg = '[  10.0] NVRM: Xid (PCI:0000:00:06): 79, pid=1, name=x, GPU has fallen off the bus.\n';
    const inv = await discoverGpus(runner);
    const monitor = new GpuHealthMonitor({ runner, inventory: inv });
    await monitor.baseline(); // the XID at 10 s happened before the agent: ignored
    expect(await monitor.refresh()).toEqual([]);

    state.dmesg += '[  20.0] NVRM: Xid (PCI:0000:00:06): 13, pid=2, name=python, Graphics Exception\n';
    expect(await monitor.refresh()).toEqual([]);

    state.dmesg += '[  30.0] NVRM: Xid (PCI:0000:00:06): 48, pid=3, name=python, An uncorrectable double bit error (DBE) has been detected\n';
    const changes = await monitor.refresh();
    expect(changes).toEqual([expect.objectContaining({ kind: 'unhealthy', uuid: UUID, reason: 'GpuXidError' })]);
    expect(changes[0]!.message).toContain('Xid 48');
    // nvidia-smi still answers, but the XID is sticky: no "recovered" on the next round.
    expect(await monitor.refresh()).toEqual([]);
    expect(inv.devices[0]!.healthy).toBe(false);
  });

  it('refreshes at most once per interval when driven by the heartbeat', async () => {
    const { runner } = host();
    const inv = await discoverGpus(runner);
    let now = 0;
    let calls = 0;
    const monitor = new GpuHealthMonitor({ runner, inventory: inv, intervalMs: 30_000, now: () => now, discover: async (r) => (calls++, discoverGpus(r)) });
    await monitor.maybeRefresh();
    now = 29_999;
    await monitor.maybeRefresh();
    expect(calls).toBe(0);
    now = 30_000;
    await monitor.maybeRefresh();
    await monitor.maybeRefresh();
    expect(calls).toBe(1);
  });
});
