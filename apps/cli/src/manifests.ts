/**
 * `-f` inputs (files, directories, `-` for stdin) → the objects they hold, each tagged with the
 * file it came from, as kubectl's resource builder does: multi-document YAML and JSON, `kind: List`
 * expanded into its items, directories read for .json/.yaml/.yml files (recursively with -R).
 * Every failure is a CliError worded like kubectl's.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '@skiff/api';
import { CliError } from './errors.ts';
import type { CliIO } from './io.ts';

export interface Manifest {
  source: string;
  object: KubeObject;
}

const EXTENSIONS = ['.json', '.yaml', '.yml'];

function filesOf(path: string, recursive: boolean, top: boolean): string[] {
  if (!statSync(path).isDirectory()) return [path];
  if (!top && !recursive) return [];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => {
      const p = join(path, entry);
      if (statSync(p).isDirectory()) return filesOf(p, recursive, false);
      return EXTENSIONS.some((e) => entry.endsWith(e)) ? [p] : [];
    });
}

export function parseManifests(text: string, source: string): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of parseAllDocuments(text)) {
    const err = doc.errors[0];
    if (err) throw new CliError(`error: error parsing ${source}: ${err.message.split('\n')[0]}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value))
      throw new CliError(`error: error parsing ${source}: the document is not a Kubernetes object`);
    out.push(...expand(value as KubeObject, source));
  }
  return out;
}

function expand(obj: KubeObject, source: string): Manifest[] {
  const missing = [!obj.apiVersion && 'apiVersion not set', !obj.kind && 'kind not set'].filter(Boolean);
  if (missing.length)
    throw new CliError(
      `error: error validating "${source}": error validating data: [${missing.join(', ')}]; if you choose to ignore these errors, turn validation off with --validate=false`,
    );
  if (obj.kind === 'List' || (obj.kind.endsWith('List') && Array.isArray(obj['items']))) {
    return (obj['items'] as KubeObject[]).flatMap((i) => expand(i, source));
  }
  obj.metadata ??= {};
  return [{ source, object: obj }];
}

export async function readManifests(paths: string[], recursive: boolean, io: CliIO, verb: string): Promise<Manifest[]> {
  if (!paths.length) throw new CliError('error: must specify one of -f and -k');
  const out: Manifest[] = [];
  for (const p of paths) {
    if (p === '-') {
      const text = io.readStdin ? await io.readStdin() : '';
      out.push(...parseManifests(text, 'STDIN'));
      continue;
    }
    const abs = resolve(io.cwd ?? process.cwd(), p);
    if (!existsSync(abs)) throw new CliError(`error: the path "${p}" does not exist`);
    for (const file of filesOf(abs, recursive, true)) {
      const shown = file === abs ? p : join(p, file.slice(abs.length + 1));
      out.push(...parseManifests(readFileSync(file, 'utf8'), shown));
    }
  }
  if (!out.length) throw new CliError(`error: no objects passed to ${verb}`);
  return out;
}
