/**
 * Failures the agent answers with a Kubernetes Status body, so the api-server can pass
 * them through to kubectl unchanged (`Error from server (BadRequest): …`).
 */
export class AgentError extends Error {
  readonly code: number;
  readonly reason: string;
  constructor(code: number, reason: string, message: string) {
    super(message);
    this.name = 'AgentError';
    this.code = code;
    this.reason = reason;
  }

  status(): string {
    return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code });
  }
}

export function asAgentError(e: unknown): AgentError {
  if (e instanceof AgentError) return e;
  return new AgentError(500, 'InternalError', `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`);
}
