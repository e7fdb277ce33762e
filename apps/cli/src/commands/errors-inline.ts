/** The kubectl line for one failed item of a multi-item command (the others go on). */
import { ApiError } from '@skiff/client';
import { apiErrorLine, CliError } from '../errors.ts';

export function describedError(e: unknown, server: string | undefined): string {
  if (e instanceof ApiError) {
    if (e.code === 0) throw e; // no server: one line for the whole command, not one per item
    return apiErrorLine(e, server);
  }
  if (e instanceof CliError) return e.message;
  throw e;
}
