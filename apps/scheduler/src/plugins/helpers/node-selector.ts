/**
 * core/v1 NodeSelector matching (component-helpers/scheduling/corev1/nodeaffinity):
 * terms are ORed, requirements inside a term ANDed; matchFields supports metadata.name.
 * An empty term matches nothing, as upstream.
 */
import type { Node } from '@skiff/api';

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: readonly string[] | undefined;
}
export interface NodeSelectorTerm {
  matchExpressions?: readonly NodeSelectorRequirement[] | undefined;
  matchFields?: readonly NodeSelectorRequirement[] | undefined;
}

export function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const vals = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && vals.includes(value);
    case 'NotIn':
      return value === undefined || !vals.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || vals.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(vals[0]!)) return false;
      const a = BigInt(value);
      const b = BigInt(vals[0]!);
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

export function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = (node.metadata.labels ?? {}) as Record<string, string>;
  for (const r of exprs) if (!requirementMatches(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined)) return false;
  for (const r of fields) {
    if (r.key !== 'metadata.name') return false;
    if (!requirementMatches(r, node.metadata.name)) return false;
  }
  return true;
}

export function nodeSelectorMatches(sel: { nodeSelectorTerms?: readonly NodeSelectorTerm[] } | undefined, node: Node): boolean {
  if (!sel) return true;
  return (sel.nodeSelectorTerms ?? []).some((t) => termMatches(t, node));
}

/** pod.spec.nodeSelector (map) AND required node affinity. */
export function podMatchesNodeSelectorAndAffinity(
  spec: { nodeSelector?: Record<string, string> | undefined; affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: readonly NodeSelectorTerm[] } | undefined } | undefined } | undefined } | undefined,
  node: Node,
): boolean {
  const sel = spec?.nodeSelector;
  if (sel) {
    const labels = (node.metadata.labels ?? {}) as Record<string, string>;
    for (const k in sel) if (labels[k] !== sel[k]) return false;
  }
  const req = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return req ? nodeSelectorMatches(req, node) : true;
}
