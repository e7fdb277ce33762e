/**
 * `-o custom-columns=HEADER:PATH,…` and `-o custom-columns-file=FILE`: kubectl's
 * CustomColumnsPrinter. Paths are "relaxed" (`.a.b`, `a.b`, `{.a.b}` all work); a column with
 * no value prints `<none>`, several values join with commas, each formatted as fmt's %v.
 */
import { CliError } from '../errors.ts';
import { goSprint } from '../jsonpath/go-values.ts';
import { JsonPathSyntaxError, JsonPathTemplate } from '../jsonpath/template.ts';
import { TabWriter } from './tabwriter.ts';

interface Column {
  header: string;
  path: JsonPathTemplate;
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/s;

/** kubectl's RelaxedJSONPathExpression (also used by `wait --for=jsonpath=`). */
export function relaxedJsonPath(expr: string): string {
  if (!expr) return expr;
  const m = RELAXED.exec(expr);
  if (!m) {
    throw new CliError("error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  }
  return `{.${m[1] || m[2]}}`;
}

function column(header: string, expr: string): Column {
  const spec = relaxedJsonPath(expr);
  try {
    return { header, path: new JsonPathTemplate(spec) };
  } catch (e) {
    if (e instanceof JsonPathSyntaxError) throw new CliError(`error: ${e.message}`);
    throw e;
  }
}

export function columnsFromSpec(spec: string): Column[] {
  if (!spec) throw new CliError('error: custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0) throw new CliError(`error: unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return column(part.slice(0, i), part.slice(i + 1));
  });
}

/** The file form: a line of headers, then a line of paths, both whitespace-separated. */
export function columnsFromFile(text: string): Column[] {
  const lines = text.split('\n');
  const words = (l: string | undefined) => (l ?? '').split(/\s+/).filter(Boolean);
  const expected = 'Expected format is one line of space separated headers, one line of space separated column specs.';
  if (lines.length < 1 || (lines.length === 1 && !lines[0])) throw new CliError(`error: invalid template, missing header line. ${expected}`);
  if (lines.length < 2) throw new CliError(`error: invalid template, missing spec line. ${expected}`);
  const headers = words(lines[0]);
  const specs = words(lines[1]);
  if (headers.length !== specs.length) {
    throw new CliError(`error: number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  }
  return headers.map((h, i) => column(h, specs[i]!));
}

function cell(c: Column, obj: unknown): string {
  const blocks = c.path.findResults(obj);
  const values = blocks.flat();
  if (!blocks.length || !blocks[0]!.length) values.unshift('<none>');
  return values.map(goSprint).join(',');
}

/** The header (unless noHeaders), then one row per item of a List or for the one object. */
export function printCustomColumns(columns: Column[], obj: unknown, o: { noHeaders?: boolean } = {}): string {
  let text = '';
  const tw = new TabWriter((t) => (text += t));
  if (!o.noHeaders) tw.row(columns.map((c) => c.header));
  const record = obj as { kind?: string; items?: unknown[] };
  const items = typeof record.kind === 'string' && record.kind.endsWith('List') && Array.isArray(record.items) ? record.items : [obj];
  for (const item of items) tw.row(columns.map((c) => cell(c, item)));
  tw.flush();
  return text;
}
