/**
 * Dynamic Resource Allocation for the scheduler (resource.k8s.io/v1, structured parameters).
 *
 * Contract: the DynamicResources plugin builds a `DraSnapshot` from its informers (treat it as
 * immutable: replace arrays when slices change), then per node calls `allocateOnNode` with the
 * pod's unallocated claims, plus the devices its in-flight decisions assume (`alsoInUse`). The
 * answer is a value: per claim the `status.allocation` to write, or a one-line reason and
 * whether it is unresolvable on that node. Nothing here throws for expected outcomes; CEL
 * failures (compile errors, missing attributes, runaway expressions) become reasons.
 */
export { deviceKey } from './types.ts';
export type { DeviceRef, DraSnapshot, AllocationOutcome, ClaimAllocation } from './types.ts';
export { allocateOnNode } from './allocate.ts';
export { validateClaimAgainstClasses, claimRef } from './validate.ts';
export {
  claimsForExtendedResources,
  classForResource,
  extendedResourceClaim,
  extendedResourceClasses,
  EXTENDED_RESOURCE_CLAIM_ANNOTATION,
  IMPLICIT_EXTENDED_RESOURCE_PREFIX,
  type RequestMapping,
  type ExtendedClaimOptions,
} from './extended-resources.ts';
export { compileSelector, type CompiledSelector, type SelectorResult } from './cel/compile.ts';
export { celDevice } from './cel/device-value.ts';
export { MAX_SEARCH_STEPS } from './search.ts';
export { COST_LIMIT } from './cel/cost.ts';
