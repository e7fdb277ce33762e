/**
 * Label selector evaluation for cached objects (Lister.list). Accepts the structured
 * form found in specs (matchLabels + matchExpressions), a plain map, or a predicate;
 * string selectors are the server's business and go in list/watch options instead.
 */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type SelectorLike = LabelSelector | Record<string, string> | ((labels: Record<string, string>) => boolean);

function isStructured(s: object): s is LabelSelector {
  return 'matchLabels' in s || 'matchExpressions' in s;
}

export function matchesLabels(selector: SelectorLike | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return true;
  if (typeof selector === 'function') return selector(labels);
  const { matchLabels = {}, matchExpressions = [] } = isStructured(selector)
    ? selector
    : { matchLabels: selector as Record<string, string> };
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  for (const r of matchExpressions) {
    const has = Object.hasOwn(labels, r.key);
    const inValues = has && (r.values ?? []).includes(labels[r.key]!);
    const ok = r.operator === 'In' ? inValues : r.operator === 'NotIn' ? !inValues : r.operator === 'Exists' ? has : !has;
    if (!ok) return false;
  }
  return true;
}
