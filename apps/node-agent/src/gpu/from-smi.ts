/**
 * Whole GPUs from nvidia-smi's XML, completed by the CSV query (compute capability, index)
 * and, when MIG is on, replaced by their instances. Rows are matched by UUID, then by bus id,
 * never by position: the two commands are separate snapshots.
 */
import { migDevicesOf, type MigContext } from './mig-devices.ts';
import { normalisePciBusId } from './pci.ts';
import { problem } from './problems.ts';
import type { QueryRow } from './smi-query.ts';
import type { SmiXml, SmiXmlGpu } from './smi-xml.ts';
import type { GpuDevice, GpuProblem } from './types.ts';

export function devicesFromXml(xml: SmiXml, rows: QueryRow[], mig: MigContext | undefined): { devices: GpuDevice[]; problems: GpuProblem[] } {
  const devices: GpuDevice[] = [];
  const problems: GpuProblem[] = [];
  xml.gpus.forEach((g, position) => {
    const busId = normalisePciBusId(g.pciBusId);
    const row = rows.find((r) => r.uuid === g.uuid) ?? rows.find((r) => r['pci.bus_id'] && normalisePciBusId(r['pci.bus_id']) === busId);
    if (!g.uuid || g.minor === undefined) {
      problems.push(problem('NvidiaSmiOutputUnparseable', `GPU ${busId}: nvidia-smi gave no ${g.uuid ? 'minor number' : 'UUID'}; not published.`, busId));
      return;
    }
    const dev: GpuDevice = {
      uuid: g.uuid,
      index: intOr(row?.index, position),
      minor: g.minor,
      name: g.productName ?? row?.name ?? 'NVIDIA GPU',
      memoryBytes: g.memoryBytes ?? mibToBytes(row?.['memory.total']),
      pciBusId: busId,
      type: 'gpu',
      healthy: true,
    };
    if (g.brand) dev.brand = g.brand;
    if (g.architecture) dev.architecture = g.architecture;
    if (row?.compute_cap) dev.computeCapability = row.compute_cap;
    if (g.recoveryAction && g.recoveryAction !== 'None') {
      // The driver's own verdict after an XID (ECC, fallen off the bus…): new work would fail.
      dev.healthy = false;
      dev.problem = 'GpuRecoveryActionRequired';
      problems.push(problem('GpuRecoveryActionRequired', `${g.uuid} reports GPU Recovery Action "${g.recoveryAction}" after a driver error (see the XID in dmesg): not published until that is done.`, g.uuid));
    }
    const pending = migChangePending(g);
    if (pending) {
      dev.healthy = false;
      dev.problem = 'MigModeChangePending';
      problems.push(problem('MigModeChangePending', `MIG mode on ${g.uuid} is ${g.migCurrent} but ${g.migPending} is pending: not published until the GPU is reset (nvidia-smi -r) or the node rebooted.`, g.uuid));
    }
    if (g.migCurrent === 'Enabled' && !pending && mig) {
      const r = migDevicesOf(dev, g, mig);
      devices.push(...r.devices);
      problems.push(...r.problems);
      return;
    }
    devices.push(dev);
  });
  return { devices, problems };
}

/** Devices from the CSV alone, when the XML could not be read. The minor comes from sysfs. */
export function devicesFromQuery(rows: QueryRow[], minorByBusId: Map<string, number>): { devices: GpuDevice[]; problems: GpuProblem[] } {
  const devices: GpuDevice[] = [];
  const problems: GpuProblem[] = [];
  rows.forEach((row, position) => {
    const busId = normalisePciBusId(row['pci.bus_id'] ?? '');
    const minor = minorByBusId.get(busId);
    if (!row.uuid || minor === undefined) {
      problems.push(problem('NvidiaSmiOutputUnparseable', `GPU ${busId || position}: no ${row.uuid ? 'device minor in /proc/driver/nvidia' : 'UUID'}; not published.`, busId || undefined));
      return;
    }
    const dev: GpuDevice = {
      uuid: row.uuid,
      index: intOr(row.index, position),
      minor,
      name: row.name ?? 'NVIDIA GPU',
      memoryBytes: mibToBytes(row['memory.total']),
      pciBusId: busId,
      type: 'gpu',
      healthy: true,
    };
    if (row.compute_cap) dev.computeCapability = row.compute_cap;
    devices.push(dev);
  });
  return { devices, problems };
}

function migChangePending(g: SmiXmlGpu): boolean {
  return g.migPending !== undefined && g.migCurrent !== undefined && g.migPending !== g.migCurrent;
}

function intOr(v: string | undefined, fallback: number): number {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : fallback;
}

/** The query's memory.total with nounits is MiB. */
function mibToBytes(v: string | undefined): number {
  return v !== undefined && /^\d+(\.\d+)?$/.test(v) ? Math.round(Number(v) * 1024 ** 2) : 0;
}
