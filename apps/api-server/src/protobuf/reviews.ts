/**
 * authorization/v1 SelfSubjectAccessReview (`kubectl auth can-i`) and authentication/v1
 * SelfSubjectReview (`kubectl auth whoami`), which kubectl's typed clients send as protobuf.
 * Field numbers from upstream's authorization/v1 and authentication/v1 generated.proto.
 */
import { ObjectMeta } from './meta.ts';
import { message } from './schema.ts';

const ResourceAttributes = message('ResourceAttributes', () => ({
  1: ['namespace', 'string'],
  2: ['verb', 'string'],
  3: ['group', 'string'],
  4: ['version', 'string'],
  5: ['resource', 'string'],
  6: ['subresource', 'string'],
  7: ['name', 'string'],
}));

const NonResourceAttributes = message('NonResourceAttributes', () => ({
  1: ['path', 'string'],
  2: ['verb', 'string'],
}));

export const SelfSubjectAccessReview = message('SelfSubjectAccessReview', () => ({
  1: ['metadata', ObjectMeta],
  2: [
    'spec',
    message('SelfSubjectAccessReviewSpec', () => ({
      1: ['resourceAttributes', ResourceAttributes],
      2: ['nonResourceAttributes', NonResourceAttributes],
    })),
  ],
}));

export const SelfSubjectReview = message('SelfSubjectReview', () => ({
  1: ['metadata', ObjectMeta],
}));
