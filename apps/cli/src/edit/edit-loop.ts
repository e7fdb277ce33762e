/**
 * kubectl edit's loop for one object: write the file, run the editor, read it back; stop
 * when nothing changed or the file is empty; on a syntax error or an Invalid answer from the
 * server, reopen the edited text with the reasons as comments; give up (keeping a copy) when
 * the user saves the same failing text again.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ApiError } from '@skiff/client';
import { CliError } from '../errors.ts';
import { fileHeader, hasContent, runEditor, stripComments, type EditReason } from './edit-file.ts';
import { createMergePatch } from './merge-patch.ts';

export interface EditSession {
  /** `pods`: how kubectl names the object in its reasons. */
  plural: string;
  name: string;
  original: Record<string, unknown>;
  /** The object as text (YAML or JSON, the -o format). */
  text: string;
  format: 'yaml' | 'json';
  editor: string;
  env: Record<string, string | undefined>;
  err: (s: string) => void;
  /** Send the patch; resolves when the server accepted it. */
  send: (patch: Record<string, unknown>) => Promise<void>;
}

export type EditOutcome = 'edited' | 'skipped' | 'cancelled';

function invalidReason(s: EditSession, e: ApiError): EditReason {
  const causes = (e.status.details?.causes ?? []).map((c) => `${c.field ?? '<nil>'}: ${c.message ?? ''}`);
  return { head: `${s.plural} "${s.name}" was not valid`, causes: causes.length ? causes : [e.status.message ?? ''] };
}

function preserved(s: EditSession, file: string, message: string): CliError {
  s.err(`A copy of your changes has been stored to "${file}"\n`);
  return new CliError(message);
}

export async function editLoop(s: EditSession): Promise<EditOutcome> {
  const file = join(mkdtempSync(join(tmpdir(), 'skiff-edit-')), `${s.name}.${s.format}`);
  let reasons: EditReason[] = [];
  let body = s.text;
  let previous: string | undefined;
  for (;;) {
    writeFileSync(file, fileHeader(reasons) + body);
    await runEditor(s.editor, file, s.env);
    const edited = readFileSync(file, 'utf8');
    const stripped = stripComments(edited);
    if (previous !== undefined && previous === stripped) throw preserved(s, file, 'error: Edit cancelled, no valid changes were saved.');
    if (stripComments(s.text) === stripped) {
      s.err('Edit cancelled, no changes made.\n');
      return 'cancelled';
    }
    if (!hasContent(edited)) {
      s.err('Edit cancelled, saved file was empty.\n');
      return 'cancelled';
    }
    previous = stripped;
    body = stripped;
    let obj: unknown;
    try {
      obj = s.format === 'json' ? JSON.parse(stripped) : parse(stripped);
    } catch (e) {
      const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
      reasons = [{ head: `${s.plural} "${s.name}" was not valid`, causes: [`<nil>: Invalid value: "The edited file failed validation": ${msg}`] }];
      continue;
    }
    const o = (obj ?? {}) as Record<string, unknown>;
    const meta = (x: Record<string, unknown>): unknown => (x['metadata'] as Record<string, unknown> | undefined)?.['name'];
    if (o['apiVersion'] !== s.original['apiVersion'] || o['kind'] !== s.original['kind'] || meta(o) !== meta(s.original)) {
      throw preserved(s, file, 'error: At least one of apiVersion, kind and name was changed');
    }
    const patch = createMergePatch(s.original, o);
    if (!Object.keys(patch).length) return 'skipped';
    try {
      await s.send(patch);
      return 'edited';
    } catch (e) {
      if (!(e instanceof ApiError) || (e.code !== 422 && e.reason !== 'Invalid')) throw e;
      s.err(`error: ${s.plural} "${s.name}" is invalid\n`);
      reasons = [invalidReason(s, e)];
    }
  }
}
