/**
 * The contract every kind's registry entry fulfils. Code generic over kinds (routes,
 * storage keys, discovery, OpenAPI, Tables, the CLI) only ever sees this.
 */
import type { TSchema } from '@sinclair/typebox';
import type { KubeObject } from './meta.ts';
import type { StatusCause } from './status.ts';

export type Subresource = 'status' | 'scale' | 'binding' | 'log' | 'exec' | 'attach' | 'portforward' | 'eviction';

export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string; // 'name' for the Name column, '' otherwise
  description: string;
  priority: number; // 0 = default, 1 = -o wide only
}

export interface ScaleSpec {
  /** read replicas from spec; write them back */
  specReplicas(obj: KubeObject): number;
  setSpecReplicas(obj: KubeObject, n: number): void;
  statusReplicas(obj: KubeObject): number;
  /** label selector string for Scale.status.selector */
  selector(obj: KubeObject): string;
}

export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: Subresource[];
  verbs: string[];
  /** The whole object's schema (TypeBox/JSON Schema), the one source for validation, OpenAPI, explain, SMP keys. */
  schema: TSchema;
  /** True when the kind has a status subresource: main-resource writes keep status, /status writes keep spec. */
  hasStatusSubresource: boolean;
  /** Fill defaults in place (create, update, patch results). */
  defaults(obj: KubeObject): void;
  /** Semantic validation (names, labels, required, enums, immutable fields on update). Type checks come from the schema. */
  validate(obj: KubeObject, old?: KubeObject): StatusCause[];
  /** Optional: reset or initialise status on create (pods start Pending). */
  prepareForCreate?(obj: KubeObject): void;
  /** Server-side Table columns (upstream printers.go) and the row for one object. */
  columns: TableColumn[];
  row(obj: KubeObject, now: number): unknown[];
  /** Field-selector fields beyond metadata.name/metadata.namespace. */
  fields: Record<string, (obj: KubeObject) => string | undefined>;
  scale?: ScaleSpec;
}

export function apiVersionOf(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}
