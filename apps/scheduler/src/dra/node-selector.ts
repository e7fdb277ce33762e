/**
 * Node selectors on the DRA side: slices that name their nodes by selector (ResourceSlice
 * spec.nodeSelector, per-device nodeSelector) are matched with the same core/v1 NodeSelector
 * code as node affinity (plugins/helpers/node-selector.ts).
 */
import type { Node, NodeSelector } from '@skiff/api';
import { nodeSelectorMatches } from '../plugins/helpers/node-selector.ts';

export function nodeMatchesSelector(node: Node, selector: NodeSelector): boolean {
  return nodeSelectorMatches(selector, node);
}

/** The selector an allocation on one node carries (status.allocation.nodeSelector). */
export function nodeNameSelector(nodeName: string): NodeSelector {
  return { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] };
}
