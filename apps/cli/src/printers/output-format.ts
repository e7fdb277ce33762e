/**
 * What `-o` asks for. The plain formats each command handles itself; the template formats
 * (jsonpath and custom-columns, inline or from a file) become one `print(object)` that any
 * command printing objects can use. Templates are read and parsed before the server is asked,
 * so a bad one fails fast with kubectl's message.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../errors.ts';
import { columnsFromFile, columnsFromSpec, printCustomColumns } from './custom-columns.ts';
import { JsonPathPrinter } from './jsonpath.ts';

export const TEMPLATE_FORMATS = ['custom-columns', 'custom-columns-file', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file'];

export type OutputFormat = { type: 'plain'; name: string } | { type: 'template'; print: (obj: unknown) => string };

export interface OutputOptions {
  /** The plain formats this command has ('' is its default). */
  plain: string[];
  /** The template formats it has (all of TEMPLATE_FORMATS unless said). */
  templates?: string[];
  cwd?: string | undefined;
  noHeaders?: boolean | undefined;
}

/** Go's os error text for a file that cannot be read (`open x: no such file or directory`). */
function readText(path: string, cwd: string | undefined): { text: string } | { error: string } {
  try {
    return { text: readFileSync(resolve(cwd ?? process.cwd(), path), 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { error: `open ${path}: no such file or directory` };
    if (code === 'EISDIR') return { error: `read ${path}: is a directory` };
    return { error: `open ${path}: ${(e as Error).message}` };
  }
}

export function parseOutput(value: string | undefined, o: OutputOptions): OutputFormat {
  const output = value ?? '';
  const eq = output.indexOf('=');
  const name = eq < 0 ? output : output.slice(0, eq);
  const arg = eq < 0 ? '' : output.slice(eq + 1);
  const templates = o.templates ?? TEMPLATE_FORMATS;
  if (!templates.includes(name)) {
    if (o.plain.includes(output)) return { type: 'plain', name: output };
    const allowed = [...o.plain.filter(Boolean), ...templates].sort().join(',');
    throw new CliError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${allowed}`);
  }
  if (name.startsWith('custom-columns')) {
    let spec = arg;
    if (name === 'custom-columns-file') {
      const r = readText(arg, o.cwd);
      if ('error' in r) throw new CliError(`error: error reading template ${arg}, ${r.error}`);
      spec = r.text;
    }
    const columns = name === 'custom-columns' ? columnsFromSpec(spec) : columnsFromFile(spec);
    return { type: 'template', print: (obj) => printCustomColumns(columns, obj, { noHeaders: o.noHeaders }) };
  }
  if (!arg) throw new CliError('error: template format specified but no template given');
  let template = arg;
  if (name === 'jsonpath-file') {
    const r = readText(arg, o.cwd);
    if ('error' in r) throw new CliError(`error: error reading --template ${arg}, ${r.error}`);
    template = r.text;
  }
  const printer = new JsonPathPrinter(template, { asJson: name === 'jsonpath-as-json' });
  return { type: 'template', print: (obj) => printer.print(obj) };
}
