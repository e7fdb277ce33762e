/**
 * kubectl 1.32 explain's default output (`--output=plaintext`, its Go template), rebuilt
 * piece by piece: the GROUP/KIND/VERSION header, FIELD with its type and ENUM, DESCRIPTION
 * (every description on the chain to the field's type), then FIELDS (each with type,
 * `-required-`, enum and description; names only, nested, with --recursive).
 */
import { resolve, typeGuess, type OpenApiDoc, type Schema } from './schema.ts';
import { indent, wordWrap } from './wrap.ts';

export interface ExplainTarget {
  doc: OpenApiDoc;
  group: string;
  version: string;
  kind: string;
  schema: Schema;
}

export interface Rendered {
  text: string;
  /** kubectl has already printed the header when a field lookup fails, so callers print both. */
  error?: string;
}

function header(t: ExplainTarget): string {
  return `${t.group ? `GROUP:      ${t.group}\n` : ''}KIND:       ${t.kind}\nVERSION:    ${t.version}\n\n`;
}

/** The field's own enum: kubectl does not show an array's item enum (ipFamilies) as the field's. */
function enumOf(s: Schema): unknown[] | undefined {
  return s.enum;
}

/** kubectl writes an empty string value as `""`. */
function enumValue(v: unknown): string {
  return v === '' ? '""' : String(v);
}

/** The one-line `enum:` of a field list, cut after four values as kubectl's short view does. */
function enumLine(values: unknown[]): string {
  const shown = values.slice(0, 4).map(enumValue);
  if (values.length > 4) shown.push('....');
  return shown.join(', ');
}

function fieldList(doc: OpenApiDoc, s: Schema, level: number, recursive: boolean, stack: Set<Schema>): string {
  const pad = '  '.repeat(level);
  let out = '';
  for (const name of Object.keys(s.properties ?? {}).sort()) {
    const f = s.properties![name]!;
    out += `${pad}${name}\t<${typeGuess(doc, f)}>${s.required?.includes(name) ? ' -required-' : ''}\n`;
    const values = enumOf(f);
    if (values?.length) out += `${pad}enum: ${enumLine(values)}\n`;
    if (recursive) {
      // A type that contains itself (directly or not) is listed once, not forever.
      const target = resolve(doc, f).target;
      if (target.properties && !stack.has(target)) {
        stack.add(target);
        out += fieldList(doc, target, level + 1, true, stack);
        stack.delete(target);
      }
    } else {
      if (f.description) out += `${indent(pad.length + 2, wordWrap(f.description, 78 - pad.length))}\n`;
      out += '\n';
    }
  }
  return out;
}

export function renderExplain(t: ExplainTarget, path: string[], recursive: boolean): Rendered {
  let text = header(t);
  let schema = t.schema;
  let field: string | undefined;
  for (const name of path) {
    const next = resolve(t.doc, schema).target.properties?.[name];
    if (!next) return { text, error: `error: field "${name}" does not exist` };
    schema = next;
    field = name;
  }
  if (field !== undefined) {
    const values = enumOf(schema);
    const enumBlock = values?.length ? `ENUM:\n${values.map((v) => `    ${enumValue(v)}`).join('\n')}` : '';
    text += `FIELD: ${field} <${typeGuess(t.doc, schema)}>\n${enumBlock}\n\n`;
  }
  const { descriptions, target } = resolve(t.doc, schema);
  text += `DESCRIPTION:\n${indent(4, descriptions.map((d) => `${wordWrap(d, 76)}\n`).join(''))}\n`;
  if (target.properties && Object.keys(target.properties).length) {
    text += `FIELDS:\n${fieldList(t.doc, target, 1, recursive, new Set([target]))}`;
  }
  return { text: `${text}\n` };
}
