/** resource.k8s.io/v1 ResourceClaimTemplate: the resourceclaim controller stamps claims from it per pod. */
import { Type, type Static } from '@sinclair/typebox';
import { named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { ObjectMetaSchema } from './object-meta.ts';
import { ResourceClaimSpecSchema } from './dra-common.ts';

export const ResourceClaimTemplateSchema = kindObject({ group: 'resource.k8s.io', version: 'v1', kind: 'ResourceClaimTemplate' }, 'ResourceClaimTemplate is used to produce ResourceClaim objects.', {
  spec: named('io.k8s.api.resource.v1.ResourceClaimTemplateSpec', 'ResourceClaimTemplateSpec contains the metadata and fields for a ResourceClaim.', {
    metadata: Type.Optional(ObjectMetaSchema),
    spec: ResourceClaimSpecSchema,
  }),
});
export type ResourceClaimTemplate = Static<typeof ResourceClaimTemplateSchema>;
