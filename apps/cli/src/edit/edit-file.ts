/**
 * The file the user edits, as kubectl writes it: its instructions header, then (after a
 * failed save) the reasons as comments, then the object. Lines starting with `#` are
 * dropped before the file is read back, so the comments never reach the server.
 */
import { spawn } from 'node:child_process';

export interface EditReason {
  head: string;
  causes: string[];
}

const INSTRUCTIONS = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

export function fileHeader(reasons: EditReason[]): string {
  return INSTRUCTIONS + reasons.map((r) => `# ${r.head}:\n${r.causes.map((c) => `# * ${c}\n`).join('')}#\n`).join('');
}

/** kubectl's ManualStrip: without the comment lines. */
export function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n');
}

export function hasContent(text: string): boolean {
  return stripComments(text).trim().length > 0;
}

/** KUBE_EDITOR, then EDITOR, then vi (kubectl's order). */
export function editorOf(env: Record<string, string | undefined>): string {
  return env['KUBE_EDITOR'] || env['EDITOR'] || 'vi';
}

/**
 * Run the editor on `file` with the terminal (a real vi needs it). Through `sh -c` because
 * editors are often set with arguments (`code --wait`), as kubectl's shell fallback allows.
 */
export function runEditor(editor: string, file: string, env: Record<string, string | undefined>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `${editor} "$1"`, 'skiff-editor', file], { stdio: 'inherit', env: env as NodeJS.ProcessEnv });
    const fail = (): void => reject(new Error(`there was a problem with the editor "${editor}"`));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? resolve() : fail()));
  });
}
