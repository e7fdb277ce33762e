/**
 * Patch metadata for strategic merge patch, read from the kind's JSON schema (TypeBox
 * objects) instead of Go struct tags: `properties`, `patternProperties` /
 * `additionalProperties` for maps, `items` for lists, and the upstream OpenAPI extensions
 * `x-kubernetes-patch-merge-key` / `x-kubernetes-patch-strategy` on list and map nodes.
 * A missing node means "unknown": the merge degrades to plain JSON merge semantics.
 */

export type SchemaNode = Record<string, unknown>;

export interface PatchMeta {
  /** The non-retainKeys strategy: 'merge', 'replace' or '' (default: replace lists, merge maps). */
  strategy: string;
  retainKeys: boolean;
  mergeKey: string;
}

export interface SchemaContext {
  /** `$ref` targets by `$id` (only needed when schemas use Type.Ref). */
  refs?: Record<string, SchemaNode>;
}

const isNode = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follow `$ref`, and pick the structural branch of anyOf/oneOf/allOf (nullable wrappers, unions). */
export function resolveNode(node: SchemaNode | undefined, ctx: SchemaContext): SchemaNode | undefined {
  let n = node;
  for (let depth = 0; n && depth < 16; depth++) {
    if (typeof n.$ref === 'string') {
      n = ctx.refs?.[n.$ref];
      continue;
    }
    const alts = (n.anyOf ?? n.oneOf ?? n.allOf) as unknown;
    if (Array.isArray(alts) && !n.properties && !n.items) {
      const structural = alts.filter(isNode).find((a) => a.type === 'object' || a.type === 'array' || a.properties || a.items || a.$ref);
      if (!structural) return n;
      // Keep the wrapper's own patch annotations if it carries them.
      n = { ...structural, ...pickExtensions(n) };
      continue;
    }
    return n;
  }
  return n;
}

function pickExtensions(n: SchemaNode): SchemaNode {
  const out: SchemaNode = {};
  for (const k of ['x-kubernetes-patch-merge-key', 'x-kubernetes-patch-strategy']) if (k in n) out[k] = n[k];
  return out;
}

/** Schema of `key` inside an object node: a declared property, else the map's value schema. */
export function fieldNode(node: SchemaNode | undefined, key: string, ctx: SchemaContext): SchemaNode | undefined {
  const n = resolveNode(node, ctx);
  if (!n) return undefined;
  const props = n.properties;
  if (isNode(props) && isNode(props[key])) return resolveNode(props[key] as SchemaNode, ctx);
  const pattern = n.patternProperties;
  if (isNode(pattern)) {
    for (const [re, sub] of Object.entries(pattern)) {
      if (isNode(sub) && new RegExp(re).test(key)) return resolveNode(sub, ctx);
    }
  }
  if (isNode(n.additionalProperties)) return resolveNode(n.additionalProperties, ctx);
  return undefined;
}

export function itemsNode(node: SchemaNode | undefined, ctx: SchemaContext): SchemaNode | undefined {
  const n = resolveNode(node, ctx);
  return n && isNode(n.items) ? resolveNode(n.items, ctx) : undefined;
}

/** extractRetainKeysPatchStrategy over the comma-separated x-kubernetes-patch-strategy. */
export function patchMeta(node: SchemaNode | undefined): PatchMeta {
  const raw = typeof node?.['x-kubernetes-patch-strategy'] === 'string' ? (node['x-kubernetes-patch-strategy'] as string) : '';
  const strategies = raw ? raw.split(',').map((s) => s.trim()) : [];
  const mergeKey = typeof node?.['x-kubernetes-patch-merge-key'] === 'string' ? (node['x-kubernetes-patch-merge-key'] as string) : '';
  if (strategies.length > 2 || (strategies.length === 2 && !strategies.includes('retainKeys'))) {
    throw new Error(`unexpected patch strategy: [${strategies.join(' ')}]`);
  }
  const retainKeys = strategies.includes('retainKeys');
  const strategy = strategies.find((s) => s !== 'retainKeys') ?? '';
  return { strategy, retainKeys, mergeKey };
}
