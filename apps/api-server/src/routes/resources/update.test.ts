/**
 * updateWith's read-modify-write against the store's group commit: writers that arrive in the
 * same event-loop turn must each see the one before (it is already accepted, only not yet
 * committed), or they conflict with it on every retry until the retries run out and a plain
 * PATCH or an eviction fails with 409 (seen in CI under load: kubectl drain against a budget).
 */
import { registry, type KubeObject } from '@skiff/api';
import { silentLogger } from '@skiff/logging';
import { createMemoryStore } from '@skiff/storage';
import { describe, expect, it } from 'vitest';
import type { ServerContext } from '../../context.ts';
import { keyFor } from './names.ts';
import type { ResourceRequest } from './request.ts';
import { updateWith } from './update.ts';

describe('updateWith', () => {
  it('twenty merges of one object started in the same turn all succeed, in order, none lost', async () => {
    const store = createMemoryStore();
    const ctx = { store, log: silentLogger(), now: Date.now } as unknown as ServerContext;
    const type = registry.byPlural('', 'v1', 'configmaps')!;
    await store.create(keyFor(type, 'default', 'shared'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared', namespace: 'default', uid: 'u1', creationTimestamp: '2026-01-01T00:00:00Z' }, data: {} });
    const req = { type, namespace: 'default', name: 'shared', subresource: undefined, query: {}, accept: {}, contentType: 'application/json', body: undefined, warnings: [] } as unknown as ResourceRequest & { name: string };
    const writes = Array.from({ length: 20 }, (_, i) =>
      updateWith(ctx, req, (cur) => {
        const next = structuredClone(cur) as KubeObject & { data: Record<string, string> };
        next.data[`k${i}`] = String(i);
        delete next.metadata.resourceVersion;
        return next;
      }),
    );
    const replies = await Promise.allSettled(writes);
    expect(replies.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const final = store.get(keyFor(type, 'default', 'shared'))!.object as KubeObject & { data: Record<string, string> };
    expect(Object.keys(final.data).length).toBe(20);
  });
});
