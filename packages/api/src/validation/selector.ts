/** Workload selectors: required, non-empty, well-formed and matching the pod template's labels. */
import type { LabelSelector } from '../kinds/meta-types.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { labelSelectorFromSpec, matchesLabels, type ParsedLabelSelector } from '../labels.ts';

export function validateWorkloadSelector(
  selector: LabelSelector | undefined,
  templateLabels: Record<string, string> | undefined,
  kind: string,
  path = 'spec',
): StatusCause[] {
  if (!selector) return [cause.required(`${path}.selector`)];
  if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
    return [cause.invalid(`${path}.selector`, selector, `empty selector is invalid for ${kind}`)];
  }
  let parsed: ParsedLabelSelector;
  try {
    parsed = labelSelectorFromSpec(selector);
  } catch (e) {
    return [cause.invalid(`${path}.selector`, selector, (e as Error).message)];
  }
  if (!matchesLabels(parsed, templateLabels ?? {})) {
    return [cause.invalid(`${path}.template.metadata.labels`, templateLabels ?? {}, '`selector` does not match template `labels`')];
  }
  return [];
}
