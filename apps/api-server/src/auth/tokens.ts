/**
 * Bearer-token authentication. The admin token is created at first start in the data
 * directory (mode 0600) and reused afterwards; further tokens (users, node agents) come from
 * `tokens.csv` in the same directory, in kube-apiserver's static token file format
 * (`token,user,uid,"group1,group2"`). Comparison is constant-time.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface User {
  name: string;
  groups: string[];
}

export interface Authenticator {
  authenticate(header: string | undefined): User | undefined;
  /** Why a header was refused, for the 401 Status message (join tokens say "expired" etc.). */
  failure?(header: string | undefined): string | undefined;
  addToken(token: string, user: User): void;
}

export function ensureAdminToken(dataDir: string): string {
  const file = join(dataDir, 'admin.token');
  if (existsSync(file)) {
    const t = readFileSync(file, 'utf8').trim();
    if (t.length >= 16) return t;
  }
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return token;
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

export function loadTokenFile(dataDir: string): Map<string, User> {
  const file = join(dataDir, 'tokens.csv');
  const tokens = new Map<string, User>();
  if (!existsSync(file)) return tokens;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [token, name, , groups] = parseCsvLine(line);
    if (token && name) tokens.set(token, { name, groups: groups ? groups.split(',').filter(Boolean) : [] });
  }
  return tokens;
}

export function createAuthenticator(initial: Map<string, User>): Authenticator {
  const entries = [...initial.entries()].map(([t, u]) => ({ token: Buffer.from(t), user: u }));
  return {
    authenticate(header) {
      if (!header || !header.startsWith('Bearer ')) return undefined;
      const presented = Buffer.from(header.slice(7).trim());
      for (const e of entries) {
        if (e.token.length === presented.length && timingSafeEqual(e.token, presented)) return e.user;
      }
      return undefined;
    },
    addToken(token, user) {
      entries.push({ token: Buffer.from(token), user });
    },
  };
}
