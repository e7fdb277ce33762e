/**
 * The Kubernetes streaming protocol over WebSocket (k8s-api.md 1.5): every binary message
 * is one channel byte plus payload. v5 adds channel 255, a close signal `[255, stream]`
 * (stdin EOF). The end of a command is a Status JSON on channel 3, then a close frame.
 */
export const V5 = 'v5.channel.k8s.io';
export const V4 = 'v4.channel.k8s.io';
/** Preferred first: kubectl 1.32 offers only v5; other clients may offer v4. */
export const PROTOCOLS = [V5, V4];

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
export const CLOSE = 255;

export function frame(channel: number, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([Buffer.from([channel]), body]);
}

/** What ends the session on channel 3: Success, or the exit code the way kubectl reads it. */
export function exitStatus(code: number, cmd: string[]): string {
  if (code === 0) return JSON.stringify({ metadata: {}, status: 'Success' });
  return JSON.stringify({
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${cmd.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  });
}

/** A failure before or instead of an exit code (container gone, exec refused by the engine). */
export function errorStatus(message: string): string {
  return JSON.stringify({ metadata: {}, status: 'Failure', message, reason: 'InternalError', code: 500 });
}

/** `{"Width":80,"Height":24}` on channel 4, or undefined for anything else. */
export function parseResize(payload: Buffer): { width: number; height: number } | undefined {
  try {
    const v = JSON.parse(payload.toString('utf8')) as { Width?: unknown; Height?: unknown };
    if (typeof v.Width === 'number' && typeof v.Height === 'number') return { width: v.Width, height: v.Height };
  } catch {
    // not JSON: ignored, as the kubelet does
  }
  return undefined;
}
