/**
 * An agent's non-success answer as the Status kubectl will print: the agent already
 * speaks Status JSON (node-agent server/errors.ts); anything else is wrapped.
 */
import { StatusError, type Status, type StatusReason } from '@skiff/api';

export function agentFailure(code: number, body: string): StatusError {
  try {
    const s = JSON.parse(body) as Partial<Status>;
    if (s.kind === 'Status' && typeof s.message === 'string') {
      return new StatusError(s.code ?? code, (s.reason ?? 'InternalError') as StatusReason, s.message, s.details);
    }
  } catch {
    // not JSON: wrapped below
  }
  return new StatusError(code >= 400 ? code : 502, 'InternalError', `the node agent answered ${code}: ${body.trim() || '(no body)'}`);
}

export async function readBody(stream: AsyncIterable<Buffer | string>, limit = 64 * 1024): Promise<string> {
  let out = '';
  for await (const c of stream) {
    out += c.toString();
    if (out.length > limit) break;
  }
  return out;
}
