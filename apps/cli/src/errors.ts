/**
 * Every failure becomes one kubectl-worded line on stderr and a non-zero exit code; never a
 * stack trace. Commands throw `CliError` for their own messages; `ApiError`s from the client
 * and kubeconfig errors are translated here, in one place, so the wording stays consistent.
 */
import { ApiError, KubeconfigError } from '@skiff/client';

export class CliError extends Error {
  readonly exitCode: number;

  /** `message` is printed as is: include kubectl's `error: ` prefix where kubectl has one. */
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Raised after a command already printed its per-item errors (apply/delete go on past failures). */
export class SilentExit extends Error {
  readonly exitCode: number;
  constructor(exitCode = 1) {
    super(`exit ${exitCode}`);
    this.exitCode = exitCode;
  }
}

/** The server a connection error refers to, as kubectl prints it (`host:port`). */
function hostPort(server: string | undefined): string {
  if (!server) return 'localhost:8080';
  try {
    const u = new URL(server);
    return u.port ? u.host : `${u.hostname}:${u.protocol === 'https:' ? 443 : 80}`;
  } catch {
    return server;
  }
}

function isRefused(e: ApiError): boolean {
  let c: unknown = e.cause;
  while (c instanceof Error) {
    if ((c as NodeJS.ErrnoException).code === 'ECONNREFUSED') return true;
    const inner = c as Error & { errors?: unknown[] };
    if (inner.errors?.some((x) => (x as NodeJS.ErrnoException).code === 'ECONNREFUSED')) return true;
    c = c.cause;
  }
  return /ECONNREFUSED/.test(e.message);
}

/**
 * kubectl's checkErr for 422: `The Pod "x" is invalid: spec.containers: Required value`, one
 * line per cause (`* field: message`) when there are several. No "Error from server" prefix.
 */
function invalidText(e: ApiError): string {
  const d = e.status.details;
  if (!d) return `The request is invalid${e.status.message ? `: ${e.status.message}` : ''}`;
  const head = d.kind || d.name ? `The ${d.kind ?? ''} "${d.name ?? ''}" is invalid` : 'The request is invalid';
  const causes = [...new Set((d.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message ?? ''}`))];
  if (!causes.length) return head;
  if (causes.length === 1) return `${head}: ${causes[0]}`;
  return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
}

/** The line kubectl prints for an API error. `server` is the URL we talked to. */
export function apiErrorLine(e: ApiError, server?: string): string {
  if (e.code === 0) {
    if (isRefused(e)) return `The connection to the server ${hostPort(server)} was refused - did you specify the right host or port?`;
    return `Unable to connect to the server: ${e.message}`;
  }
  if (e.code === 401) return 'error: You must be logged in to the server (Unauthorized)';
  if (e.code === 422 || e.reason === 'Invalid') return invalidText(e);
  const reason = e.reason ?? 'Unknown';
  return `Error from server (${reason}): ${e.status.message ?? ''}`;
}

function kubeconfigLine(e: KubeconfigError): string {
  const unknown = e.code === 'UnknownContext' ? /context "(.*)" does not exist/.exec(e.message) : null;
  if (unknown) return `Error in configuration: context was not found for specified context: ${unknown[1]}`;
  return e.message.startsWith('error: ') ? e.message : `error: ${e.message}`;
}

/** One line for anything thrown, and the exit code to use. */
export function describeError(e: unknown, server?: string): { line: string | undefined; exitCode: number } {
  if (e instanceof SilentExit) return { line: undefined, exitCode: e.exitCode };
  if (e instanceof CliError) return { line: e.message, exitCode: e.exitCode };
  if (e instanceof ApiError) return { line: apiErrorLine(e, server), exitCode: 1 };
  if (e instanceof KubeconfigError) return { line: kubeconfigLine(e), exitCode: 1 };
  const msg = e instanceof Error ? e.message : String(e);
  return { line: `error: ${msg.split('\n')[0]}`, exitCode: 1 };
}
