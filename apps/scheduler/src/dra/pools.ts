/**
 * The devices one node can use: node-local slices plus shared slices whose allNodes /
 * nodeSelector (or per-device node selection) admits the node, after the pool rules:
 * only slices of a pool's highest generation count, and a pool whose slice count at that
 * generation is short of resourceSliceCount is incomplete and contributes nothing (it is
 * named in the failure reason instead). Tables are cached by slice-array identity, shared
 * slices additionally by Node object, so a scheduling cycle rebuilds nothing.
 */
import { parseQuantity, quantityError, type Device, type Node, type NodeSelector, type ResourceSlice } from '@skiff/api';
import { deviceKey } from './types.ts';
import { nodeMatchesSelector } from './node-selector.ts';
import type { SelectorResult, CompiledSelector } from './cel/compile.ts';

export interface Consumption {
  /** `${driver}/${pool}/${counterSet}` */
  setKey: string;
  counters: [name: string, amount: bigint][];
}

export interface Candidate {
  key: string;
  driver: string;
  pool: string;
  name: string;
  device: Device;
  /** Node-local (spec.nodeName / device nodeName) rather than reachable from several nodes. */
  nodeLocal: boolean;
  nodeSelector: NodeSelector | undefined;
  consumes: Consumption[] | undefined;
  /** Selector results for this device object (shared by every table it appears in). */
  selectorResults: Map<CompiledSelector, SelectorResult>;
  /** matchAttribute/distinctAttribute lookups, by qualified attribute name. */
  attributeKeys: Map<string, string | undefined>;
}

export interface DeviceTable {
  candidates: Candidate[];
  /** One line per pool skipped as incomplete. */
  incompletePools: string[];
  /** Shared counter capacity by `${driver}/${pool}/${set}`, then counter name (nano-units). */
  counterSets: Map<string, Map<string, bigint>>;
  /** Per-request matching lists, cached on the table (see matching.ts). */
  matchCache: Map<string, unknown>;
}

const selectorResultsByDevice = new WeakMap<Device, Map<CompiledSelector, SelectorResult>>();

/** Counter amounts in nano-units; validation rejects malformed quantities, count them as 0. */
function nanos(v: string): bigint {
  return quantityError(v) === undefined ? parseQuantity(v).nanos : 0n;
}

interface PoolGroup {
  slices: ResourceSlice[];
  generation: number;
  count: number;
}

function groupPools(slices: readonly ResourceSlice[]): Map<string, PoolGroup> {
  const pools = new Map<string, PoolGroup>();
  for (const s of slices) {
    const key = `${s.spec.driver}/${s.spec.pool.name}`;
    const g = pools.get(key);
    const gen = s.spec.pool.generation;
    if (!g || gen > g.generation) pools.set(key, { slices: [s], generation: gen, count: s.spec.pool.resourceSliceCount });
    else if (gen === g.generation) g.slices.push(s);
  }
  return pools;
}

/** Devices of complete pools, filtered by `admits` (node reachability), into a fresh table. */
function buildTable(slices: readonly ResourceSlice[], admits: (s: ResourceSlice, d: Device) => boolean): DeviceTable {
  const table: DeviceTable = { candidates: [], incompletePools: [], counterSets: new Map(), matchCache: new Map() };
  for (const [poolKey, g] of groupPools(slices)) {
    if (g.slices.length < g.count) {
      table.incompletePools.push(`pool ${poolKey} is incomplete (${g.slices.length}/${g.count} slices at generation ${g.generation})`);
      continue;
    }
    for (const s of g.slices) {
      for (const set of s.spec.sharedCounters ?? []) {
        const m = new Map<string, bigint>();
        for (const [n, c] of Object.entries(set.counters)) m.set(n, nanos(c.value));
        table.counterSets.set(`${poolKey}/${set.name}`, m);
      }
      for (const d of s.spec.devices ?? []) {
        if (!admits(s, d)) continue;
        let selectorResults = selectorResultsByDevice.get(d);
        if (!selectorResults) selectorResultsByDevice.set(d, (selectorResults = new Map()));
        table.candidates.push({
          key: deviceKey({ driver: s.spec.driver, pool: s.spec.pool.name, device: d.name }),
          driver: s.spec.driver,
          pool: s.spec.pool.name,
          name: d.name,
          device: d,
          nodeLocal: s.spec.nodeName !== undefined || d.nodeName !== undefined,
          nodeSelector: s.spec.perDeviceNodeSelection ? d.nodeSelector : s.spec.nodeSelector,
          consumes: d.consumesCounters?.map((c) => ({
            setKey: `${poolKey}/${c.counterSet}`,
            counters: Object.entries(c.counters).map(([n, q]) => [n, nanos(q.value)] as [string, bigint]),
          })),
          selectorResults,
          attributeKeys: new Map(),
        });
      }
    }
  }
  return table;
}

function admitsNode(node: Node): (s: ResourceSlice, d: Device) => boolean {
  const name = node.metadata.name;
  return (s, d) => {
    const where = s.spec.perDeviceNodeSelection ? d : s.spec;
    if (where.nodeName !== undefined) return where.nodeName === name;
    if (where.allNodes) return true;
    if (where.nodeSelector) return nodeMatchesSelector(node, where.nodeSelector);
    return false;
  };
}

const localTables = new WeakMap<readonly ResourceSlice[], WeakMap<Node, DeviceTable>>();
const sharedTables = new WeakMap<readonly ResourceSlice[], WeakMap<Node, DeviceTable>>();
const EMPTY: readonly ResourceSlice[] = [];

function cached(cache: typeof localTables, slices: readonly ResourceSlice[], node: Node): DeviceTable {
  let byNode = cache.get(slices);
  if (!byNode) cache.set(slices, (byNode = new WeakMap()));
  let t = byNode.get(node);
  if (!t) byNode.set(node, (t = buildTable(slices, admitsNode(node))));
  return t;
}

/** The node's usable devices: [node-local table, shared table] (either may be empty). */
export function deviceTables(node: Node, slicesByNode: Map<string, ResourceSlice[]>, shared: ResourceSlice[]): DeviceTable[] {
  const local = slicesByNode.get(node.metadata.name ?? '') ?? EMPTY;
  const tables: DeviceTable[] = [];
  if (local.length) tables.push(cached(localTables, local, node));
  if (shared.length) tables.push(cached(sharedTables, shared, node));
  return tables;
}
