/**
 * What a handler returns: a status code and a body that is either already-serialised JSON
 * (the stored string, so objects are never serialised twice) or a value to serialise.
 */
export interface JsonReply {
  code: number;
  json: string;
  headers?: Record<string, string>;
  /**
   * Large bodies (lists) as pieces to stream instead of `json`: no multi-megabyte string is
   * built, and no byte length has to be computed before the first byte leaves.
   */
  pieces?: () => Iterable<string>;
}

const CHUNK = 64 * 1024;

/** Joins small pieces into ~64 KiB chunks: one socket write per chunk, not per object. */
export function* chunked(pieces: Iterable<string>): Generator<string> {
  let buf = '';
  for (const p of pieces) {
    buf += p;
    if (buf.length >= CHUNK) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

export function reply(code: number, body: unknown, headers?: Record<string, string>): JsonReply {
  return headers ? { code, json: JSON.stringify(body), headers } : { code, json: JSON.stringify(body) };
}

export function replyRaw(code: number, json: string, headers?: Record<string, string>): JsonReply {
  return headers ? { code, json, headers } : { code, json };
}
