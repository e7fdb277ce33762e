/**
 * Join tokens, the way kube-apiserver's bootstrap token authenticator reads them: a token
 * `<id>.<secret>` is valid while the Secret `kube-system/bootstrap-token-<id>` of type
 * `bootstrap.kubernetes.io/token` holds the same secret, says `usage-bootstrap-authentication:
 * true` and has not passed its `expiration`. The user is `system:bootstrap:<id>` in the group
 * `system:bootstrappers` (plus the Secret's `auth-extra-groups`); bootstrap-authorizer.ts limits
 * what that identity may do.
 *
 * The Secret is read from the store on every request (a synchronous in-memory read), not cached,
 * so a deleted or expired token stops working on the very next request.
 */
import { timingSafeEqual } from 'node:crypto';
import { registry, type KubeObject } from '@skiff/api';
import { objectKey, type Store } from '@skiff/storage';
import {
  BOOTSTRAP_NAMESPACE,
  BOOTSTRAP_TOKEN_TYPE,
  BOOTSTRAP_USER_PREFIX,
  BOOTSTRAPPERS_GROUP,
  bootstrapSecretName,
  EXTRA_GROUP_PATTERN,
  TOKEN_PATTERN,
} from './bootstrap-format.ts';
import type { Authenticator, User } from './tokens.ts';

const SECRETS = registry.byPlural('', 'v1', 'secrets')!;

/** What checking one token gave: a user, a 401 message, or "not a join token" (other authenticators decide). */
export type BootstrapResult = { user: User } | { failure: string } | undefined;

function field(secret: KubeObject, key: string): string | undefined {
  const v = (secret as { data?: Record<string, string> }).data?.[key];
  return v === undefined ? undefined : Buffer.from(v, 'base64').toString('utf8');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function checkBootstrapToken(store: Store, token: string, now: number): BootstrapResult {
  const m = TOKEN_PATTERN.exec(token);
  if (!m) return undefined;
  const [, id, secret] = m as unknown as [string, string, string];
  // One message for "no such token", "deleted" and "wrong secret": a caller without the secret
  // learns nothing about which ids exist.
  const invalid = { failure: `Unauthorized: join token "${id}" is not valid (deleted, or wrong secret): create one with "skiff token create"` };
  const stored = store.get(objectKey(SECRETS, BOOTSTRAP_NAMESPACE, bootstrapSecretName(id)))?.object;
  if (!stored || stored.metadata.deletionTimestamp) return invalid;
  if ((stored as { type?: string }).type !== BOOTSTRAP_TOKEN_TYPE) return invalid;
  if (field(stored, 'token-id') !== id) return invalid;
  const want = field(stored, 'token-secret');
  if (want === undefined || !sameSecret(want, secret)) return invalid;
  // From here on the caller holds the whole token, so the reason can be specific.
  const expiration = field(stored, 'expiration');
  if (expiration !== undefined) {
    const at = Date.parse(expiration);
    if (Number.isNaN(at)) return { failure: `Unauthorized: join token "${id}" has an unreadable expiration "${expiration}"` };
    if (at <= now) return { failure: `Unauthorized: join token "${id}" expired at ${expiration}: create a new one with "skiff token create"` };
  }
  if (field(stored, 'usage-bootstrap-authentication') !== 'true') {
    return { failure: `Unauthorized: join token "${id}" is not marked for authentication (usage-bootstrap-authentication is not "true")` };
  }
  const extra = (field(stored, 'auth-extra-groups') ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  if (extra.some((g) => !EXTRA_GROUP_PATTERN.test(g))) return { failure: `Unauthorized: join token "${id}" has invalid auth-extra-groups` };
  return { user: { name: `${BOOTSTRAP_USER_PREFIX}${id}`, groups: [BOOTSTRAPPERS_GROUP, ...extra] } };
}

function bearer(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** The static tokens first (admin, tokens.csv), then join tokens from the store. */
export function withBootstrapTokens(base: Authenticator, store: Store, now: () => number): Authenticator {
  const check = (header: string | undefined): BootstrapResult => {
    const token = bearer(header);
    return token ? checkBootstrapToken(store, token, now()) : undefined;
  };
  return {
    authenticate(header) {
      const user = base.authenticate(header);
      if (user) return user;
      const r = check(header);
      return r && 'user' in r ? r.user : undefined;
    },
    failure(header) {
      const r = check(header);
      return r && 'failure' in r ? r.failure : base.failure?.(header);
    },
    addToken: (token, user) => base.addToken(token, user),
  };
}
