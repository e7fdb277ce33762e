/**
 * core/v1 NodeSelector matching for slices that name their nodes by selector (ResourceSlice
 * spec.nodeSelector, per-device nodeSelector). Terms are ORed, requirements ANDed; fields
 * support metadata.name only (as upstream's nodeaffinity helper does).
 */
import type { Node, NodeSelector } from '@skiff/api';

type Requirement = NonNullable<NodeSelector['nodeSelectorTerms'][number]['matchExpressions']>[number];

function matches(req: Requirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0]!)) return false;
      const [a, b] = [BigInt(value), BigInt(values[0]!)];
      return req.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

export function nodeMatchesSelector(node: Node, selector: NodeSelector): boolean {
  const labels = node.metadata.labels ?? {};
  return selector.nodeSelectorTerms.some((term) => {
    const exprs = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false; // an empty term matches nothing
    return (
      exprs.every((r) => matches(r, labels[r.key])) &&
      fields.every((r) => matches(r, r.key === 'metadata.name' ? node.metadata.name : undefined))
    );
  });
}

/** The selector an allocation on one node carries (status.allocation.nodeSelector). */
export function nodeNameSelector(nodeName: string): NodeSelector {
  return { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] };
}
