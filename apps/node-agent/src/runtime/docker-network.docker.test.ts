/**
 * The pod network on the REAL Docker engine: made with a subnet Docker picked, its own
 * assignments in the lower half, the agents' fixed addresses in the upper half; agents that
 * start together (docker compose) make one network between them (a lock container). Skipped with a reason when no engine
 * answers, unless SKIFF_REQUIRE_DOCKER=1 (CI), where that fails.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { formatCidr, parseCidr, splitCidr } from '@skiff/api';
import { DockerRuntime } from './docker.ts';
import { ensureSandboxImage } from './sandbox-image.ts';

const runtime = new DockerRuntime();
const dockerError = await runtime.version().then(() => undefined, (e: unknown) => (e instanceof Error ? e.message : String(e)));
const required = process.env['SKIFF_REQUIRE_DOCKER'] === '1';

describe.skipIf(!!dockerError && !required)('pod network on real Docker', () => {
  const NAME = `skiff-net-test-${process.pid}`;
  afterAll(async () => {
    for (const n of await runtime.docker.listNetworks({ filters: { name: [NAME] } })) await runtime.docker.getNetwork(n.Id).remove().catch(() => undefined);
  });

  it('four agents starting at once agree on one network with a range for fixed addresses', async () => {
    if (dockerError) throw new Error(`SKIFF_REQUIRE_DOCKER=1 but Docker is not reachable: ${dockerError}`);
    await ensureSandboxImage(runtime); // the lock container is made from it
    const nets = await Promise.all(Array.from({ length: 4 }, () => new DockerRuntime().ensureNetwork(NAME, { 'io.skiff.managed': 'true' })));
    expect(new Set(nets.map((n) => n.id)).size).toBe(1);
    const left = (await runtime.docker.listNetworks({ filters: { name: [NAME] } })).filter((n) => n.Name === NAME);
    expect(left.map((n) => n.Id)).toEqual([nets[0]!.id]);
    const cfg = left[0]!.IPAM?.Config?.[0] as { Subnet?: string; IPRange?: string } | undefined;
    const subnet = parseCidr(cfg!.Subnet!);
    const [low, high] = splitCidr(subnet);
    expect(cfg!.IPRange).toBe(formatCidr(low));
    expect(nets[0]!.staticRange).toBe(formatCidr(high));
    // No probe network and no lock container are left behind.
    expect((await runtime.docker.listNetworks({ filters: { label: ['io.skiff.probe=true'] } })).length).toBe(0);
    expect((await runtime.docker.listContainers({ all: true, filters: { name: [`skiff-network-lock-${NAME}`] } })).length).toBe(0);
    // Asked again, the same network and range.
    expect(await runtime.ensureNetwork(NAME, {})).toEqual(nets[0]);
  });
});
