import { describe, expect, it } from 'vitest';
import { gpusByContainer, GPUS_ANNOTATION, recordedGpus } from './gpu-annotation.ts';

const pod = (value?: string): { metadata: { annotations: Record<string, string> } } => ({ metadata: { annotations: value === undefined ? {} : { [GPUS_ANNOTATION]: value } } });

describe('the skiff.dev/gpus annotation', () => {
  it.each([
    ['absent', undefined, {}],
    ['per container', '{"a":["GPU-1","GPU-2"],"b":["GPU-3"]}', { a: ['GPU-1', 'GPU-2'], b: ['GPU-3'] }],
    ['not JSON', '{oops', {}],
    ['an array', '["GPU-1"]', {}],
    ['non-string entries dropped', '{"a":["GPU-1",7,null],"b":"GPU-2"}', { a: ['GPU-1'] }],
  ])('%s', (_what, value, want) => {
    expect(gpusByContainer(pod(value))).toEqual(want);
  });

  it('recordedGpus flattens the containers', () => {
    expect(recordedGpus(pod('{"a":["GPU-1"],"b":["GPU-3","GPU-4"]}'))).toEqual(['GPU-1', 'GPU-3', 'GPU-4']);
    expect(recordedGpus({})).toEqual([]);
  });
});
