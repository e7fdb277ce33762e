/**
 * Label selector evaluation for cached objects (Lister.list). Accepts the structured form
 * found in specs (matchLabels + matchExpressions), a plain map, or a predicate; the matching
 * itself is @skiff/api's, the same code the api-server selects with.
 */
import { labelSelectorFromSpec, matchesLabels as matchesParsed, type LabelSelectorSpec } from '@skiff/api';

export type LabelSelector = LabelSelectorSpec;

export type SelectorLike = LabelSelector | Record<string, string> | ((labels: Record<string, string>) => boolean);

function isStructured(s: object): s is LabelSelector {
  return 'matchLabels' in s || 'matchExpressions' in s;
}

export function matchesLabels(selector: SelectorLike | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return true;
  if (typeof selector === 'function') return selector(labels);
  const spec: LabelSelectorSpec = isStructured(selector) ? selector : { matchLabels: selector as Record<string, string> };
  return matchesParsed(labelSelectorFromSpec(spec), labels);
}
