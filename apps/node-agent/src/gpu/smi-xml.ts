/**
 * `nvidia-smi -q -x`: the main source. Returns the raw facts per GPU; discovery decides what
 * they mean. Missing or `N/A` fields stay undefined (old drivers lack product_architecture).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface SmiXmlMigDevice {
  index: number;
  gpuInstanceId?: number;
  computeInstanceId?: number;
  memoryBytes?: number;
  multiprocessors?: number;
  copyEngines?: number;
  decoders?: number;
  encoders?: number;
  jpegEngines?: number;
  ofaEngines?: number;
}

export interface SmiXmlGpu {
  pciBusId: string;
  productName?: string;
  brand?: string;
  architecture?: string;
  uuid?: string;
  minor?: number;
  memoryBytes?: number;
  migCurrent?: string;
  migPending?: string;
  /** Driver 550+: what the GPU needs after an error (None, Reset, Reboot, Drain P2P, Drain and Reset). */
  recoveryAction?: string;
  migDevices: SmiXmlMigDevice[];
}

export interface SmiXml {
  driverVersion?: string;
  cudaVersion?: string;
  attachedGpus?: number;
  gpus: SmiXmlGpu[];
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  trimValues: true,
  isArray: (_name, jpath) => jpath === 'nvidia_smi_log.gpu' || jpath === 'nvidia_smi_log.gpu.mig_devices.mig_device',
});

/** Throws with a short message when the text is not the XML nvidia-smi writes. */
export function parseSmiXml(xml: string): SmiXml {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not valid XML: ${valid.err.msg} (line ${valid.err.line})`);
  const log = (parser.parse(xml) as Node)['nvidia_smi_log'];
  if (!isNode(log)) throw new Error('no <nvidia_smi_log> element');
  const gpus = Array.isArray(log['gpu']) ? (log['gpu'] as unknown[]).filter(isNode) : [];
  const out: SmiXml = { gpus: gpus.map(gpu) };
  setIf(out, 'driverVersion', text(log['driver_version']));
  setIf(out, 'cudaVersion', text(log['cuda_version']));
  setIf(out, 'attachedGpus', int(log['attached_gpus']));
  return out;
}

function gpu(g: Node): SmiXmlGpu {
  const pci = node(g['pci']);
  const mig = node(g['mig_mode']);
  const out: SmiXmlGpu = { pciBusId: text(pci['pci_bus_id']) ?? text(g['@_id']) ?? '', migDevices: migDevices(g['mig_devices']) };
  setIf(out, 'productName', text(g['product_name']));
  setIf(out, 'brand', text(g['product_brand']));
  setIf(out, 'architecture', text(g['product_architecture']));
  setIf(out, 'uuid', text(g['uuid']));
  setIf(out, 'minor', int(g['minor_number']));
  setIf(out, 'memoryBytes', bytes(node(g['fb_memory_usage'])['total']));
  setIf(out, 'migCurrent', text(mig['current_mig']));
  setIf(out, 'migPending', text(mig['pending_mig']));
  setIf(out, 'recoveryAction', text(g['gpu_recovery_action']));
  return out;
}

function migDevices(v: unknown): SmiXmlMigDevice[] {
  const list = node(v)['mig_device'];
  if (!Array.isArray(list)) return []; // the text "None" when MIG is off
  return list.filter(isNode).map((m, i) => {
    const shared = node(node(m['device_attributes'])['shared']);
    const out: SmiXmlMigDevice = { index: int(m['index']) ?? i };
    setIf(out, 'gpuInstanceId', int(m['gpu_instance_id']));
    setIf(out, 'computeInstanceId', int(m['compute_instance_id']));
    setIf(out, 'memoryBytes', bytes(node(m['fb_memory_usage'])['total']));
    setIf(out, 'multiprocessors', int(shared['multiprocessor_count']));
    setIf(out, 'copyEngines', int(shared['copy_engine_count']));
    setIf(out, 'decoders', int(shared['decoder_count']));
    setIf(out, 'encoders', int(shared['encoder_count']));
    setIf(out, 'jpegEngines', int(shared['jpg_count']));
    setIf(out, 'ofaEngines', int(shared['ofa_count']));
    return out;
  });
}

const ABSENT = new Set(['', 'N/A', '[N/A]', '[Not Supported]', 'Not Supported', 'Unknown Error', '[Unknown Error]']);

/** nvidia-smi's placeholders for "no value" become undefined. */
export function text(v: unknown): string | undefined {
  const s = typeof v === 'string' ? v.trim() : isNode(v) && typeof v['#text'] === 'string' ? v['#text'].trim() : undefined;
  return s === undefined || ABSENT.has(s) ? undefined : s;
}

function int(v: unknown): number | undefined {
  const s = text(v);
  return s !== undefined && /^-?\d+$/.test(s) ? Number(s) : undefined;
}

const UNIT: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** "81559 MiB" → bytes. nvidia-smi's MiB are binary mebibytes. */
export function bytes(v: unknown): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)$/.exec(text(v) ?? '');
  return m ? Math.round(Number(m[1]) * UNIT[m[2]!]!) : undefined;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function node(v: unknown): Node {
  return isNode(v) ? v : {};
}

function setIf<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined) o[k] = v;
}
