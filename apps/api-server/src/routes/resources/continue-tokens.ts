/**
 * Consistent pagination without snapshots in storage: stored objects are immutable and shared,
 * so the first page keeps a reference to the whole (filtered) result array, and later pages
 * slice it. All pages therefore show one resourceVersion, as upstream promises. Tokens expire
 * after `ttlMs` (or a restart): the client then gets 410 Expired, as with a compacted etcd.
 */
import { randomBytes } from 'node:crypto';
import type { Stored } from '@skiff/storage';

interface Snapshot {
  items: Stored[];
  revision: number;
  expires: number;
}

export interface ContinueTokens {
  save(items: Stored[], revision: number, offset: number, now: number): string;
  load(token: string, now: number): { items: Stored[]; revision: number; offset: number } | 'expired' | 'malformed';
}

export function createContinueTokens(ttlMs = 5 * 60_000, max = 1000): ContinueTokens {
  const snapshots = new Map<string, Snapshot>();
  return {
    save(items, revision, offset, now) {
      for (const [id, s] of snapshots) if (s.expires < now || snapshots.size >= max) snapshots.delete(id);
      const id = randomBytes(9).toString('base64url');
      snapshots.set(id, { items, revision, expires: now + ttlMs });
      return Buffer.from(JSON.stringify({ v: 1, id, rv: revision, o: offset })).toString('base64url');
    },
    load(token, now) {
      let parsed: { id?: unknown; o?: unknown };
      try {
        parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof parsed;
      } catch {
        return 'malformed';
      }
      if (typeof parsed.id !== 'string' || typeof parsed.o !== 'number') return 'malformed';
      const s = snapshots.get(parsed.id);
      if (!s || s.expires < now) return 'expired';
      return { items: s.items, revision: s.revision, offset: parsed.o };
    },
  };
}
