/**
 * OpenAPI v3 documents served at /openapi/v3/<api|apis/group>/<version>, and the
 * /openapi/v3 index. Built from the registry's schemas so `kubectl explain` and kubectl's
 * server-side field-validation probe see the same types the server enforces.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { registry, BODY_SCHEMAS } from '../registry.ts';
import { schemaName } from '../kinds/kind-object.ts';
import { ObjectMetaSchema } from '../kinds/object-meta.ts';
import { ComponentCollector, type OpenApiSchema } from './openapi-schema.ts';
import { resourcePaths } from './openapi-paths.ts';

export const OPENAPI_K8S_VERSION = 'v1.32.0';

const ListMetaSchema = Type.Object(
  {
    resourceVersion: Type.Optional(Type.String({ description: "String that identifies the server's internal version of this object that can be used by clients to determine when objects have changed." })),
    continue: Type.Optional(Type.String({ description: 'continue may be set if the user set a limit on the number of items returned.' })),
    remainingItemCount: Type.Optional(Type.Integer({ format: 'int64', description: 'remainingItemCount is the number of subsequent items in the list which are not included in this list response.' })),
  },
  { $id: 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta', description: 'ListMeta describes metadata that synthetic resources must have, including lists and various status objects.' },
);

function listSchema(group: string, version: string, kind: string, item: TSchema): TSchema {
  return Type.Object(
    {
      apiVersion: Type.Optional(Type.String({ description: 'APIVersion defines the versioned schema of this representation of an object.' })),
      kind: Type.Optional(Type.String({ description: 'Kind is a string value representing the REST resource this object represents.' })),
      metadata: Type.Optional(ListMetaSchema),
      items: Type.Array(item, { description: `List of ${kind}s.` }),
    },
    { $id: schemaName(group, version, `${kind}List`), description: `${kind}List is a list of ${kind} objects.`, 'x-kubernetes-group-version-kind': [{ group, version, kind: `${kind}List` }] },
  );
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

/** The document for one group-version; undefined when nothing is served there. */
export function openApiV3ForGroupVersion(group: string, version: string): OpenApiDocument | undefined {
  const types = registry.all().filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const c = new ComponentCollector();
  c.add(ObjectMetaSchema);
  c.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Patch'] = { type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.' };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const t of types) {
    c.add(t.schema);
    c.add(listSchema(group, version, t.kind, t.schema));
    Object.assign(paths, resourcePaths(t, schemaName));
    if (t.subresources.includes('scale') || t.subresources.includes('eviction')) {
      for (const b of BODY_SCHEMAS) c.add(b.schema);
    }
  }
  for (const b of BODY_SCHEMAS) if (b.group === group && b.version === version) c.add(b.schema);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: OPENAPI_K8S_VERSION },
    paths,
    components: { schemas: c.schemas },
  };
}

/**
 * The /openapi/v3 index: one entry per served group-version, each with a content hash
 * (`hashFn` gets the document's JSON) so clients can cache documents.
 */
export function openApiV3Index(hashFn: (json: string) => string): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of registry.groupVersions()) {
    const json = JSON.stringify(openApiV3ForGroupVersion(group, version));
    const p = gvPath(group, version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hashFn(json)}` };
  }
  return { paths };
}
