import type { Pod, ResourceClaim, ResourceSlice } from '@skiff/api';
import { describe, expect, it } from 'vitest';
import { gpuSlice, gpuUuid, makeNode, makePod } from '../testing/fixtures.ts';
import { nodeInfo } from '../plugins/test-util.ts';
import { DeviceState } from './device-state.ts';
import { GPUS_ANNOTATION, recordedGpus } from '@skiff/api';
import { classicHeldDevices, draHeldGpus } from './gpu-ledger.ts';

const key = (node: string, i: number, driver = 'gpu.nvidia.com'): string => `${driver}/${node}/gpu-${i}`;

function allocatedClaim(name: string, node: string, devices: number[], driver = 'gpu.nvidia.com'): ResourceClaim {
  return {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaim',
    metadata: { name, namespace: 'default' },
    spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com' } }] } },
    status: { allocation: { devices: { results: devices.map((i) => ({ request: 'gpu', driver, pool: node, device: `gpu-${i}` })) } } },
  };
}

function classicPod(name: string, gpus: number, recorded?: Record<string, string[]>): Pod {
  const p = makePod(name, { gpu: gpus, spec: { nodeName: 'n' } });
  if (recorded) p.metadata.annotations = { [GPUS_ANNOTATION]: JSON.stringify(recorded) };
  return p;
}

interface World {
  slices?: ResourceSlice[];
  claims?: ResourceClaim[];
  /** Device indexes of node n reserved by an in-flight allocation. */
  inFlight?: number[];
}

function state(w: World): DeviceState {
  const s = new DeviceState();
  for (const sl of w.slices ?? [gpuSlice('n', 4)]) s.setSlice(sl, sl.metadata.name ?? '');
  for (const c of w.claims ?? []) s.setClaim(c, `default/${c.metadata.name}`);
  if (w.inFlight?.length) {
    const a = allocatedClaim('flying', 'n', w.inFlight).status!.allocation!;
    s.addInFlight('default/flying', { podKey: 'default/flying-pod', allocation: a, devices: w.inFlight.map((i) => key('n', i)) });
  }
  return s;
}

function migSlice(): ResourceSlice {
  const s = gpuSlice('n', 3);
  s.spec.devices![0]!.attributes!['type'] = { string: 'mig' };
  return s;
}

function otherDriverSlice(): ResourceSlice {
  const s = gpuSlice('n', 2);
  s.metadata.name = 'n-other';
  s.spec.driver = 'other.example.com';
  return s;
}

function newerGeneration(): ResourceSlice {
  const s = gpuSlice('n', 2);
  s.metadata.name = 'n-gen2';
  s.spec.pool.generation = 2;
  return s;
}

describe('draHeldGpus', () => {
  const cases: { name: string; world: World; want: number }[] = [
    { name: 'nothing allocated', world: {}, want: 0 },
    { name: 'allocated claims on the node', world: { claims: [allocatedClaim('a', 'n', [0]), allocatedClaim('b', 'n', [2, 3])] }, want: 3 },
    { name: 'in-flight allocations count before their claim is written', world: { inFlight: [1] }, want: 1 },
    { name: 'allocated and in flight together', world: { claims: [allocatedClaim('a', 'n', [0])], inFlight: [1, 2] }, want: 3 },
    { name: "another node's allocations do not count", world: { slices: [gpuSlice('n', 4), gpuSlice('m', 4)], claims: [allocatedClaim('a', 'm', [0, 1])] }, want: 0 },
    { name: "another driver's devices are not GPUs", world: { slices: [gpuSlice('n', 2), otherDriverSlice()], claims: [allocatedClaim('a', 'n', [0], 'other.example.com')] }, want: 0 },
    { name: 'only the newest generation of the pool counts', world: { slices: [gpuSlice('n', 4), newerGeneration()], claims: [allocatedClaim('a', 'n', [1, 3])] }, want: 1 },
    { name: 'no slice on the node', world: { slices: [], claims: [allocatedClaim('a', 'n', [0])] }, want: 0 },
  ];
  for (const c of cases) it(c.name, () => expect(draHeldGpus(state(c.world), 'n')).toBe(c.want));
});

describe('classicHeldDevices', () => {
  const cases: { name: string; world: World; pods: Pod[]; want: number[] }[] = [
    { name: 'no classic pods', world: {}, pods: [makePod('cpu', { cpu: '1', spec: { nodeName: 'n' } })], want: [] },
    { name: 'recorded UUIDs, exactly', world: {}, pods: [classicPod('c', 2, { cuda: [gpuUuid('n', 3), gpuUuid('n', 1)] })], want: [1, 3] },
    { name: 'unrecorded: the lowest-index free GPU, as the agent will pick', world: {}, pods: [classicPod('c', 1)], want: [0] },
    { name: 'unrecorded, skipping GPUs claims hold or are about to hold', world: { claims: [allocatedClaim('a', 'n', [0])], inFlight: [1] }, pods: [classicPod('c', 1)], want: [2] },
    { name: 'unrecorded, skipping GPUs other classic pods recorded', world: {}, pods: [classicPod('r', 1, { cuda: [gpuUuid('n', 0)] }), classicPod('c', 2)], want: [0, 1, 2] },
    { name: 'partly recorded pod: only the rest is predicted', world: {}, pods: [classicPod('c', 2, { a: [gpuUuid('n', 2)] })], want: [0, 2] },
    { name: 'MIG devices are never picked for a classic limit', world: { slices: [migSlice()] }, pods: [classicPod('c', 1)], want: [1] },
    { name: 'more wanted than free: every free GPU', world: { claims: [allocatedClaim('a', 'n', [0, 1, 2])] }, pods: [classicPod('c', 2)], want: [3] },
    { name: 'a UUID not on the slice is ignored', world: {}, pods: [classicPod('c', 1, { cuda: ['GPU-gone'] })], want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = classicHeldDevices(state(c.world), nodeInfo(makeNode('n', { gpus: 4 }), c.pods));
      expect([...got].sort()).toEqual(c.want.map((i) => key('n', i)).sort());
    });
  }
});

describe('classicHeldDevices: pods served by an extended-resource claim are not classic', () => {
  const mapped = (name: string): Pod => {
    const p = classicPod(name, 1);
    p.status = { phase: 'Running', extendedResourceClaimStatus: { resourceClaimName: `${name}-extended-resources-x`, requestMappings: [{ containerName: 'c', resourceName: 'nvidia.com/gpu', requestName: 'container-0-request-0' }] } };
    return p;
  };
  it('a node without nvidia.com/gpu in allocatable has no classic pods, whatever they request', () => {
    expect([...classicHeldDevices(state({}), nodeInfo(makeNode('n'), [classicPod('c', 1)]))]).toEqual([]);
  });
  it('a pod whose nvidia.com/gpu is mapped to its claim holds only what the claim holds', () => {
    const got = classicHeldDevices(state({ claims: [allocatedClaim('m-extended-resources-x', 'n', [0])] }), nodeInfo(makeNode('n', { gpus: 4 }), [mapped('m'), classicPod('c', 1)]));
    expect([...got]).toEqual([key('n', 1)]);
  });
});

describe('recordedGpus', () => {
  const cases: { name: string; annotation: string | undefined; want: string[] }[] = [
    { name: 'absent', annotation: undefined, want: [] },
    { name: 'every container', annotation: JSON.stringify({ a: ['GPU-1'], b: ['GPU-2', 'GPU-3'] }), want: ['GPU-1', 'GPU-2', 'GPU-3'] },
    { name: 'malformed JSON', annotation: '{', want: [] },
    { name: 'wrong shape', annotation: JSON.stringify({ a: 'GPU-1', b: [1, 'GPU-2'] }), want: ['GPU-2'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = makePod('p');
      if (c.annotation !== undefined) p.metadata.annotations = { [GPUS_ANNOTATION]: c.annotation };
      expect(recordedGpus(p)).toEqual(c.want);
    });
  }
});
