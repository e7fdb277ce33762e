/** The values the DRA allocator takes and returns (the contract in index.ts). */
import type { AllocationResult, DeviceClass, ResourceSlice } from '@skiff/api';

export interface DeviceRef {
  driver: string;
  pool: string;
  device: string;
}

/** `${driver}/${pool}/${device}`: how allocated devices are named in sets. */
export function deviceKey(d: DeviceRef): string {
  return `${d.driver}/${d.pool}/${d.device}`;
}

/**
 * What the caller's informers hold. Treat it as immutable: replace an array (or Map entry)
 * when its slices change instead of editing it in place, because per-node device tables are
 * cached by array identity and Node object (and per-device selector results by device object
 * identity). Pass the informer's Node objects, not copies, or every call rebuilds the table.
 */
export interface DraSnapshot {
  classes: Map<string, DeviceClass>;
  /** Slices with spec.nodeName, by node name (perDeviceNodeSelection slices may go here too). */
  slicesByNode: Map<string, ResourceSlice[]>;
  /** Slices with allNodes, nodeSelector or perDeviceNodeSelection: matched per node. */
  sharedSlices: ResourceSlice[];
  /** deviceKeys in use by allocated claims. */
  allocated: Set<string>;
}

/** The claim's status.allocation (devices.results, devices.config, nodeSelector). */
export type ClaimAllocation = AllocationResult;

export type AllocationOutcome =
  | { ok: true; results: Map<string, ClaimAllocation> }
  | {
      ok: false;
      /** One line, upstream style. */
      reason: string;
      /**
       * Freeing devices on this node would not help (UnschedulableAndUnresolvable): the node
       * lacks enough matching devices even when empty, a class is missing, or a selector is
       * broken. Unset when the claims would fit an idle node (preemption might help).
       */
      unresolvable?: boolean;
    };
