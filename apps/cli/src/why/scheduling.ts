/**
 * Why a pod is not placed, from the scheduler's own words (FailedScheduling / PodScheduled)
 * checked against the cluster as it is now. The scheduler's histogram names causes per node
 * ("3 Insufficient nvidia.com/gpu, 2 node(s) had untolerated taint …"); what a user needs is
 * which of four situations this is, because each has another fix: nothing free right now
 * (name the pods holding the GPUs), a request no node can ever satisfy, nodes not ready, or
 * a missing object (DeviceClass, claim). Causes that cannot be waited out are checked first.
 */
import type { Loose } from '../describe/format.ts';
import { recordedGpus } from '@skiff/api';
import { holderText, isFinished } from '../gpus/holders.ts';
import { gpuRows, type GpuRow } from '../gpus/rows.ts';
import { GPU_RESOURCE } from '../gpus/refs.ts';
import { nodeReady, notReadyText, type WhyFacts } from './facts.ts';
import { classicGpus, claimDeviceClasses, podClaims, selectorMatches } from './requests.ts';
import { capped, verdict, type Verdict } from './verdict.ts';

const busyLines = (rows: GpuRow[]): string[] => capped(rows.filter((r) => r.holders.length).map((r) => `${r.node}/${r.device} is held by ${r.holders.map(holderText).join(', ')}`));

function missingObjects(pod: Loose, f: WhyFacts): Verdict | undefined {
  for (const pc of podClaims(pod, f.claims)) {
    if (!pc.claim) {
      if (pc.template) continue; // the claim controller creates it; the scheduler waits for it
      return verdict('NeverFits', `its ResourceClaim "${pc.claimName}" does not exist.`, [], `create resourceclaim/${pc.claimName} in namespace ${pod.metadata.namespace}, or fix spec.resourceClaims.`);
    }
    const missing = claimDeviceClasses(pc.claim).filter((c) => !f.deviceClasses.has(c));
    if (missing.length) {
      return verdict('NeverFits', `resourceclaim/${pc.claimName} asks for DeviceClass "${missing[0]}", which does not exist.`, [`DeviceClasses in the cluster: ${[...f.deviceClasses].sort().join(', ') || '(none)'}`], `create the DeviceClass, or change the claim's deviceClassName to an existing one (GPUs: gpu.nvidia.com).`);
    }
  }
  return undefined;
}

/** The DRA allocator's wording (scheduler dra/allocate.ts, matching.ts). */
function draVerdict(msg: string, f: WhyFacts): Verdict | undefined {
  const tmpl = /resourceclaimtemplate "([^"]+)" not found/.exec(msg);
  if (tmpl) return verdict('NeverFits', `its ResourceClaimTemplate "${tmpl[1]}" does not exist.`, [], `create resourceclaimtemplate/${tmpl[1]}, or fix spec.resourceClaims.`);
  const cls = /could not retrieve device class (\S+)/.exec(msg);
  if (cls) return verdict('NeverFits', `its claim asks for DeviceClass "${cls[1]}", which does not exist.`, [], 'create the DeviceClass, or use an existing one (GPUs: gpu.nvidia.com).');
  // The expression itself has dots and brackets: it ends where the histogram's next part does.
  const sel = /(\d+)\/(\d+) devices match request ([^\s:(]+)(?: \(need (\d+)\))?(?:: \d+ rejected by selector (.+?)(?=, \d+ |; |: |\.\s|\.$|$))?/.exec(msg);
  if (sel && sel[1] === '0' && sel[5]) {
    return verdict('NeverFits', `no device in the cluster matches the selector of request "${sel[3]}".`, [`selector: ${sel[5].trim()}`, `${sel[2]} device(s) considered, all rejected by it`], "relax the claim's selector (check attribute names and values with `skiff gpus -o wide`), or add a matching GPU.");
  }
  if (sel && sel[2] === '0') {
    return verdict('NeverFits', `no node publishes a device for request "${sel[3]}" (no ResourceSlice has one of its DeviceClass).`, [], 'check that the GPU nodes are up and publish their GPUs (`skiff gpus`), or fix the DeviceClass.');
  }
  if (sel) {
    const need = sel[4] ?? '1';
    return verdict('NeverFits', `request "${sel[3]}" needs ${need} device(s) on one node, but no node has more than ${sel[1]} that match.`, [], 'ask for fewer devices per pod (or split the job across pods), or add a node with more GPUs.');
  }
  const selErr = /request (\S+): selector (.+?): (.*)$/m.exec(msg);
  if (selErr) return verdict('NeverFits', `the selector of request "${selErr[1]}" cannot be evaluated: ${selErr[3]}`, [`selector: ${selErr[2]}`], 'fix the CEL expression in the claim.');
  if (/cannot allocate all claims/.test(msg)) {
    const free = /(\d+) of (\d+) matching devices are free(?: \(need (\d+)\))?/.exec(msg);
    const head = free ? `only ${free[1]} of the ${free[2]} matching GPUs are free${free[3] ? ` (it needs ${free[3]})` : ''}.` : 'every GPU that matches its claims is in use.';
    const rows = gpuRows(f).filter((r) => r.health === 'Healthy');
    return verdict('NoCapacityNow', head, busyLines(rows), 'wait for one of these to finish (the scheduler retries by itself), or delete one to free its GPU.');
  }
  return undefined;
}

/** GPUs of a node neither held (claim or recorded pick) nor about to be picked for a bound classic pod. */
function freeGpus(f: WhyFacts, node: Loose): number {
  const name = node.metadata?.name;
  const held = gpuRows(f, name).filter((r) => r.holders.length).length;
  const unrecorded = f.pods
    .filter((p) => p.spec?.nodeName === name && !isFinished(p) && recordedGpus(p).length === 0)
    .reduce((n, p) => n + classicGpus(p), 0);
  return Number(node.status?.capacity?.[GPU_RESOURCE] ?? 0) - held - unrecorded;
}

/**
 * Classic `nvidia.com/gpu`: compare the request with every node's capacity and what is free.
 * Undefined when some usable node has the GPUs free: then the GPUs are not what blocks it.
 */
function classicVerdict(pod: Loose, f: WhyFacts, need: number): Verdict | undefined {
  const cap = (n: Loose): number => Number(n.status?.capacity?.[GPU_RESOURCE] ?? 0);
  const candidates = f.nodes.filter((n) => selectorMatches(pod, n));
  const bigEnough = candidates.filter((n) => cap(n) >= need);
  if (!bigEnough.length) {
    const largest = Math.max(0, ...candidates.map(cap));
    const where = candidates.length < f.nodes.length ? ' among the nodes its nodeSelector allows' : '';
    return verdict('NeverFits', `it asks for ${need} ${GPU_RESOURCE}, but no node has that many${where} (the largest has ${largest}).`, [], `ask for at most ${largest} GPU(s) per pod, or add a node with ${need} GPUs.`);
  }
  const usable = bigEnough.filter((n) => nodeReady(n) && !n.spec?.unschedulable);
  if (!usable.length) {
    return verdict('NodeNotReady', `every node with ${need}+ GPUs is not ready or cordoned.`, bigEnough.map((n) => `node/${n.metadata.name}: ${n.spec?.unschedulable ? 'cordoned' : notReadyText(n)}`), 'bring the node back (check its node agent: `skiff describe node`), or uncordon it.');
  }
  if (usable.some((n) => freeGpus(f, n) >= need)) return undefined;
  const rows = usable.flatMap((n) => gpuRows(f, n.metadata.name));
  return verdict('NoCapacityNow', `it needs ${need} free ${GPU_RESOURCE} on one node and no node has that many free right now.`, busyLines(rows), 'wait for one of these pods to finish (the scheduler retries by itself), or delete one to free its GPU.');
}

function genericVerdict(msg: string, f: WhyFacts): Verdict | undefined {
  if (/no nodes registered|^0\/0 nodes/.test(msg)) return verdict('NodeNotReady', 'the cluster has no nodes.', [], 'start a node agent (`skiff up`, or `skiff node-agent --server …`).');
  if (/untolerated taint \{node\.kubernetes\.io\/(not-ready|unreachable)/.test(msg)) {
    const down = f.nodes.filter((n) => !nodeReady(n)).map((n) => `node/${n.metadata.name}: ${notReadyText(n)}`);
    return verdict('NodeNotReady', 'the nodes that could run it are not ready.', capped(down), 'bring the node back (check its node agent: `skiff describe node`).');
  }
  if (/Insufficient (cpu|memory|ephemeral-storage)|Too many pods/.test(msg)) {
    return verdict('NoCapacityNow', 'no node has enough free cpu/memory for its requests right now.', [], 'lower its requests, or wait for other pods to finish.');
  }
  if (/didn't match Pod's node affinity\/selector|node\(s\) were unschedulable|didn't match pod (anti-)?affinity/.test(msg)) {
    return verdict('NeverFits', "no node matches its nodeSelector/affinity (or the matching nodes are cordoned).", [], 'fix spec.nodeSelector / affinity, label a node to match, or uncordon it.');
  }
  return undefined;
}

/** `message`: the scheduler's latest verdict for this pod, if any. */
export function schedulingVerdict(pod: Loose, f: WhyFacts, message: string | undefined): Verdict {
  const msg = message ?? '';
  const own = missingObjects(pod, f) ?? draVerdict(msg, f);
  if (own) return withScheduler(own, message);
  const need = classicGpus(pod);
  const classic = need > 0 ? classicVerdict(pod, f, need) : undefined;
  if (classic) return withScheduler(classic, message);
  const generic = genericVerdict(msg, f);
  if (generic) return withScheduler(generic, message);
  if (message) return verdict('Unknown', 'the scheduler could not place it.', [`scheduler: ${message}`]);
  return verdict('Starting', 'waiting for the scheduler (no scheduling attempt recorded yet).', [], pod.spec?.schedulerName && pod.spec.schedulerName !== 'default-scheduler' ? `its schedulerName is "${pod.spec.schedulerName}": is that scheduler running?` : 'check that the scheduler is running.');
}

function withScheduler(v: Verdict, message: string | undefined): Verdict {
  return message ? { ...v, details: [...v.details, `scheduler: ${message}`] } : v;
}
