/**
 * MIG instances replace their parent when MIG is on. The XML gives each instance's GPU/compute
 * instance ids, memory and engines but no UUID; `-L` gives UUID and profile by position;
 * `mig -lgi` ties the GPU instance id to a profile id and placement; mig-minors gives the
 * /dev/nvidia-caps nodes the raw passthrough path needs.
 */
import { CMD } from './commands.ts';
import { problem } from './problems.ts';
import type { ListedGpu } from './smi-list.ts';
import { parseMigInstances, parseMigMinors, parseMigProfiles, type GpuInstance, type GpuInstanceProfile } from './smi-mig.ts';
import type { SmiXmlGpu } from './smi-xml.ts';
import type { GpuDevice, GpuProblem, MigDetails, ToolRunner } from './types.ts';

export interface MigContext {
  listed: ListedGpu[];
  instances: GpuInstance[];
  profiles: GpuInstanceProfile[];
  minors: Map<string, number>;
}

export async function loadMigContext(runner: ToolRunner, run: (args: readonly string[]) => Promise<string | undefined>, listed: ListedGpu[]): Promise<MigContext> {
  const [lgi, lgip, minors] = await Promise.all([run(CMD.migInstances), run(CMD.migProfiles), runner.readFile('/proc/driver/nvidia-caps/mig-minors')]);
  return { listed, instances: parseMigInstances(lgi ?? ''), profiles: parseMigProfiles(lgip ?? ''), minors: parseMigMinors(minors ?? '') };
}

/** The MIG devices of one parent; problems for instances that cannot be published. */
export function migDevicesOf(parent: GpuDevice, xml: SmiXmlGpu, ctx: MigContext): { devices: GpuDevice[]; problems: GpuProblem[] } {
  const problems: GpuProblem[] = [];
  if (xml.migDevices.length === 0) {
    problems.push(problem('MigEnabledNoInstances', `MIG is enabled on ${parent.uuid} but no instances exist: nothing is published for it. Create instances (nvidia-smi mig -cgi … -C) or disable MIG.`, parent.uuid));
    return { devices: [], problems };
  }
  const listed = ctx.listed.find((g) => g.uuid === parent.uuid);
  const devices: GpuDevice[] = [];
  for (const m of xml.migDevices) {
    const entry = listed?.migs.find((l) => l.deviceIndex === m.index);
    if (!entry) {
      problems.push(problem('NvidiaSmiOutputUnparseable', `MIG device ${m.index} of ${parent.uuid} has no UUID in nvidia-smi -L: not published.`, parent.uuid));
      continue;
    }
    const gi = ctx.instances.find((i) => i.gpu === parent.index && i.instanceId === m.gpuInstanceId);
    const profileName = entry.profile ?? gi?.profile;
    const prof = ctx.profiles.find((p) => p.gpu === parent.index && (gi ? p.profileId === gi.profileId : p.profile === profileName));
    const mig: MigDetails = { parentIndex: parent.index, deviceIndex: m.index };
    assign(mig, {
      gpuInstanceId: m.gpuInstanceId,
      computeInstanceId: m.computeInstanceId,
      profileId: gi?.profileId ?? prof?.profileId,
      placementStart: gi?.placementStart,
      placementSize: gi?.placementSize,
      multiprocessors: m.multiprocessors ?? prof?.multiprocessors,
      copyEngines: m.copyEngines ?? prof?.copyEngines,
      decoders: m.decoders ?? prof?.decoders,
      encoders: m.encoders ?? prof?.encoders,
      jpegEngines: m.jpegEngines ?? prof?.jpegEngines,
      ofaEngines: m.ofaEngines ?? prof?.ofaEngines,
      capDevices: capDevices(ctx.minors, parent.minor, m.gpuInstanceId, m.computeInstanceId),
    });
    const dev: GpuDevice = {
      ...parent,
      uuid: entry.uuid,
      index: m.index,
      type: 'mig',
      parentUuid: parent.uuid,
      memoryBytes: m.memoryBytes ?? (prof ? Math.round(prof.memoryGiB * 1024 ** 3) : 0),
      mig,
    };
    if (profileName) dev.migProfile = profileName;
    devices.push(dev);
  }
  return { devices, problems };
}

/** Keys in mig-minors use the parent's device minor: gpu<minor>/gi<g>/access, …/ci<c>/access. */
function capDevices(minors: Map<string, number>, gpuMinor: number, gi: number | undefined, ci: number | undefined): string[] | undefined {
  if (gi === undefined || ci === undefined) return undefined;
  const giCap = minors.get(`gpu${gpuMinor}/gi${gi}/access`);
  const ciCap = minors.get(`gpu${gpuMinor}/gi${gi}/ci${ci}/access`);
  if (giCap === undefined || ciCap === undefined) return undefined;
  return [`/dev/nvidia-caps/nvidia-cap${giCap}`, `/dev/nvidia-caps/nvidia-cap${ciCap}`];
}

function assign<T extends object>(target: T, values: { [K in keyof T]?: T[K] | undefined }): void {
  for (const [k, v] of Object.entries(values)) if (v !== undefined) (target as Record<string, unknown>)[k] = v;
}
