/**
 * kubectl wait's `--for`: what "met" means for one object, as kubectl's conditionFuncFor reads
 * it. `condition=Ready[=value]` looks for status.conditions[type=Ready] with that status (case
 * aside, default "True") and not stale by observedGeneration; `jsonpath={…}[=value]` needs exactly one
 * value (equal to `value` as fmt prints it, or merely present); `delete` and `create` are about existence.
 */
import type { KubeObject } from '@skiff/api';
import { CliError } from '../errors.ts';
import { goSprint } from '../jsonpath/go-values.ts';
import { JsonPathSyntaxError, JsonPathTemplate } from '../jsonpath/template.ts';
import { relaxedJsonPath } from '../printers/custom-columns.ts';

export type WaitFor =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'condition' | 'jsonpath'; met: (obj: KubeObject) => boolean };

interface Condition {
  type?: string;
  status?: string;
  observedGeneration?: number;
}

function conditionMet(type: string, value: string): (obj: KubeObject) => boolean {
  return (obj) => {
    const status = (obj as { status?: { conditions?: Condition[] } }).status;
    const generation = obj.metadata.generation;
    return (status?.conditions ?? []).some(
      (c) =>
        c.type?.toLowerCase() === type.toLowerCase() &&
        c.status?.toLowerCase() === value.toLowerCase() &&
        !(c.observedGeneration && generation && c.observedGeneration !== generation),
    );
  };
}

function jsonPathMet(input: string): (obj: KubeObject) => boolean {
  const eq = input.indexOf('=');
  const expr = eq < 0 ? input : input.slice(0, eq);
  let value = eq < 0 ? undefined : input.slice(eq + 1);
  if (value === '') throw new CliError('error: jsonpath wait value cannot be empty');
  value = value?.replace(/^['"]+|['"]+$/g, '');
  let template: JsonPathTemplate;
  try {
    template = new JsonPathTemplate(relaxedJsonPath(expr));
  } catch (e) {
    if (e instanceof JsonPathSyntaxError) throw new CliError(`error: ${e.message}`);
    throw e;
  }
  return (obj) => {
    const results = template.findResults(obj);
    if (!results.length || !results[0]!.length) return false;
    if (results.length > 1) throw new CliError('error: given jsonpath expression matches more than one list');
    if (results[0]!.length > 1) throw new CliError('error: given jsonpath expression matches more than one value');
    if (value === undefined) return true;
    const found = results[0]![0];
    if (typeof found === 'object' && found !== null) throw new CliError('error: jsonpath leads to a nested object or list which is not supported');
    return goSprint(found) === value;
  };
}

export function parseWaitFor(spec: string | undefined): WaitFor {
  const s = spec ?? '';
  if (s.toLowerCase() === 'delete') return { kind: 'delete' };
  if (s.toLowerCase() === 'create') return { kind: 'create' };
  if (s.startsWith('condition=')) {
    const body = s.slice('condition='.length);
    const eq = body.indexOf('=');
    const [type, value] = eq < 0 ? [body, 'true'] : [body.slice(0, eq), body.slice(eq + 1)];
    return { kind: 'condition', met: conditionMet(type, value) };
  }
  if (s.startsWith('jsonpath=')) return { kind: 'jsonpath', met: jsonPathMet(s.slice('jsonpath='.length)) };
  throw new CliError(`error: unrecognized condition: "${s}"`);
}
