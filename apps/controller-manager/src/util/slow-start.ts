/**
 * Upstream slowStartBatch: run `count` calls in batches of 1, 2, 4, … so a template the
 * server rejects costs one failed call, not hundreds. Stops after the first batch with an
 * error; returns how many succeeded and the first error.
 */
export async function slowStartBatch(count: number, initialBatch: number, fn: (i: number) => Promise<void>): Promise<{ successes: number; error: unknown }> {
  let remaining = count;
  let successes = 0;
  let batch = Math.min(remaining, initialBatch);
  let next = 0;
  while (batch > 0) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn(next++)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += results.filter((r) => r.status === 'fulfilled').length;
    if (failed) return { successes, error: failed.reason };
    remaining -= batch;
    batch = Math.min(remaining, 2 * batch);
  }
  return { successes, error: undefined };
}
