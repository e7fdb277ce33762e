/**
 * What a handler returns: a status code and a body that is either already-serialised JSON
 * (the stored string, so objects are never serialised twice) or a value to serialise.
 */
export interface JsonReply {
  code: number;
  json: string;
  headers?: Record<string, string>;
}

export function reply(code: number, body: unknown, headers?: Record<string, string>): JsonReply {
  return headers ? { code, json: JSON.stringify(body), headers } : { code, json: JSON.stringify(body) };
}

export function replyRaw(code: number, json: string, headers?: Record<string, string>): JsonReply {
  return headers ? { code, json, headers } : { code, json };
}
