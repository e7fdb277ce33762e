/**
 * The exact commands discovery runs. The capture runner answers the same argv from files, so
 * this list is the one place that ties a command to the capture file that recorded it
 * (the file names are the fixture's, see its README).
 */
export const SMI = 'nvidia-smi';

/** Per-sample use for resource metrics (stats/gpu-usage.ts); memory in MiB, utilisation in %. */
export const USAGE_FIELDS = ['index', 'uuid', 'name', 'utilization.gpu', 'memory.used', 'memory.total'] as const;

/** Field order as in the fixture's nvidia-smi-query-nounits.csv. */
export const QUERY_FIELDS = ['index', 'uuid', 'name', 'pci.bus_id', 'memory.total', 'driver_version', 'compute_cap', 'mig.mode.current'] as const;

export const CMD = {
  xml: ['-q', '-x'],
  text: ['-q'],
  list: ['-L'],
  banner: [],
  version: ['--version'],
  query: (fields: readonly string[]) => [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits'],
  helpQuery: ['--help-query-gpu'],
  migInstances: ['mig', '-lgi'],
  migProfiles: ['mig', '-lgip'],
  computeApps: ['--query-compute-apps=pid,process_name,used_memory,gpu_uuid', '--format=csv'],
  topo: ['topo', '-m'],
} as const;

/** Capture file name → the argv that printed it. */
export const CAPTURE_FILES: { file: string; cmd: string; args: readonly string[] }[] = [
  { file: 'nvidia-smi-q-x.xml', cmd: SMI, args: CMD.xml },
  { file: 'nvidia-smi-q.txt', cmd: SMI, args: CMD.text },
  { file: 'nvidia-smi-L.txt', cmd: SMI, args: CMD.list },
  { file: 'nvidia-smi.txt', cmd: SMI, args: CMD.banner },
  { file: 'nvidia-smi-version.txt', cmd: SMI, args: CMD.version },
  { file: 'nvidia-smi-query-nounits.csv', cmd: SMI, args: CMD.query(QUERY_FIELDS) },
  // Not in the H100 capture (it predates resource metrics): hand-made variants in gpu/testdata hold it.
  { file: 'nvidia-smi-usage.csv', cmd: SMI, args: CMD.query(USAGE_FIELDS) },
  {
    file: 'nvidia-smi-query.csv',
    cmd: SMI,
    args: [
      '--query-gpu=index,uuid,name,pci.bus_id,memory.total,memory.used,memory.free,driver_version,compute_cap,mig.mode.current,utilization.gpu,temperature.gpu,power.draw,power.limit,clocks.sm,clocks.max.sm',
      '--format=csv',
    ],
  },
  { file: 'nvidia-smi-help-query-gpu.txt', cmd: SMI, args: CMD.helpQuery },
  { file: 'nvidia-smi-mig-lgi.txt', cmd: SMI, args: CMD.migInstances },
  { file: 'nvidia-smi-mig-lgip.txt', cmd: SMI, args: CMD.migProfiles },
  { file: 'nvidia-smi-compute-apps.csv', cmd: SMI, args: CMD.computeApps },
  { file: 'nvidia-smi-topo.txt', cmd: SMI, args: CMD.topo },
  { file: 'driverlibs.txt', cmd: 'ldconfig', args: ['-p'] },
  { file: 'which-nvidia-smi.txt', cmd: 'which', args: [SMI] },
];
