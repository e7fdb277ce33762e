/**
 * Current state: key → Stored, grouped into SortedBuckets by directory (the key up to its last
 * "/"), so get is one Map lookup and list(prefix) touches only the buckets under the prefix:
 * listing one namespace's pods never scans nodes, other namespaces, or other kinds.
 */
import { lowerBound, SortedBucket } from './sorted-bucket.ts';
import type { Stored } from './store.ts';

function dirOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

export class StateIndex {
  private readonly byKey = new Map<string, Stored>();
  private readonly buckets = new Map<string, SortedBucket>();
  /** Bucket dirs in sorted order; rebuilt lazily when a bucket is added or removed. */
  private dirs: string[] | undefined = [];

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): Stored | undefined {
    return this.byKey.get(key);
  }

  set(key: string, stored: Stored): void {
    this.byKey.set(key, stored);
    const dir = dirOf(key);
    let bucket = this.buckets.get(dir);
    if (bucket === undefined) {
      bucket = new SortedBucket(dir);
      this.buckets.set(dir, bucket);
      this.dirs = undefined;
    }
    bucket.set(key, stored);
  }

  delete(key: string): void {
    if (!this.byKey.delete(key)) return;
    const dir = dirOf(key);
    const bucket = this.buckets.get(dir);
    if (bucket === undefined) return;
    bucket.delete(key);
    if (bucket.size === 0) {
      this.buckets.delete(dir);
      this.dirs = undefined;
    }
  }

  /** Current objects whose key starts with prefix, in key order. */
  list(prefix: string): Stored[] {
    const out: Stored[] = [];
    // Fast path: the prefix is exactly one directory (one namespace, or a cluster-scoped kind).
    const exact = this.buckets.get(prefix);
    if (exact !== undefined && !this.hasSubdirs(prefix)) {
      exact.collect(prefix, out);
      return out;
    }
    const dirs = this.sortedDirs();
    const keys: string[] = [];
    let i = lowerBound(dirs, dirOf(prefix));
    for (; i < dirs.length; i++) {
      const dir = dirs[i]!;
      // A bucket holds keys under prefix iff its dir starts with prefix, or the prefix reaches
      // into the bucket (prefix "/core/nodes/n" selects some keys of dir "/core/nodes/").
      if (dir.startsWith(prefix) || prefix.startsWith(dir)) {
        this.buckets.get(dir)!.collect(prefix, out, keys);
      } else if (dir > prefix) break;
    }
    // Concatenating buckets in dir order is key order unless one dir is a prefix of another
    // (a kind holding both /g/x/name and /g/x/ns/name); the linear check keeps that case right.
    return isSorted(keys) ? out : sortByKeys(out, keys);
  }

  private hasSubdirs(dir: string): boolean {
    const dirs = this.sortedDirs();
    const next = dirs[lowerBound(dirs, dir) + 1];
    return next !== undefined && next.startsWith(dir);
  }

  private sortedDirs(): string[] {
    this.dirs ??= Array.from(this.buckets.keys()).sort();
    return this.dirs;
  }
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

/** Reorders items by their keys (the rare mixed-depth case). */
function sortByKeys(items: Stored[], keys: string[]): Stored[] {
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
  return order.map((i) => items[i]!);
}
