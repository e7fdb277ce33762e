/**
 * Who may use the agent's port. Every request needs a bearer token (creating a pod is root
 * on this machine). Accepted: the agent's own API token and any configured extra tokens,
 * compared in constant time; any other token is checked with the api-server (can it read
 * the pod in question, or for node-wide reads like /stats/resource, the node?), the way the
 * kubelet delegates authentication with a TokenReview.
 * The api-server forwards the caller's own token, so the agent grants exactly what the
 * API grants and holds no secret of its own. Answers are cached for a minute.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { RestClient } from '@skiff/client';

/** A pod (logs, exec, port-forward) or the node itself (resource stats). */
export type AuthTarget = { namespace: string; pod: string } | { node: string };

/** True when the `Authorization` header may act on the target. */
export type AgentAuth = (header: string | undefined, target: AuthTarget) => Promise<boolean>;

export interface TokenAuthOptions {
  tokens: string[];
  /** The agent's client: tokens not in `tokens` are tried against its api-server. */
  review?: RestClient | undefined;
  ttlMs?: number;
}

const bearer = (h: string | undefined): string | undefined => (h?.startsWith('Bearer ') ? h.slice(7).trim() || undefined : undefined);

export function tokenAuth(o: TokenAuthOptions): AgentAuth {
  const known = o.tokens.filter(Boolean).map((t) => Buffer.from(t));
  const cache = new Map<string, { ok: boolean; until: number }>();
  const ttl = o.ttlMs ?? 60_000;
  return async (header, target) => {
    const token = bearer(header);
    if (!token) return false;
    const presented = Buffer.from(token);
    if (known.some((k) => k.length === presented.length && timingSafeEqual(k, presented))) return true;
    if (!o.review) return false;
    const path = targetPath(target);
    const key = createHash('sha256').update(`${token}\0${path}`).digest('hex');
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.ok;
    const answer = await canRead(o.review, token, path);
    if (answer === undefined) return false; // api-server unreachable: deny now, ask again next time
    cache.set(key, { ok: answer, until: Date.now() + ttl });
    return answer;
  };
}

function targetPath(t: AuthTarget): string {
  if ('node' in t) return `/api/v1/nodes/${encodeURIComponent(t.node)}`;
  return `/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods/${encodeURIComponent(t.pod)}`;
}

/** 2xx or 404: the api-server knows the token; 401/403: it does not (or may not); no answer: undefined. */
async function canRead(base: RestClient, token: string, path: string): Promise<boolean | undefined> {
  const c = new RestClient({ server: base.server, ...base.tls, token, timeoutMs: 10_000 });
  try {
    await c.request(path);
    return true;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return code === 404 ? true : code === 401 || code === 403 ? false : undefined;
  }
}
