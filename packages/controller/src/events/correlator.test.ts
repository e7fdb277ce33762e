import { describe, expect, it } from 'vitest';
import { COMBINED_PREFIX, EventCorrelator } from './correlator.ts';

const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default', uid: 'u1' } };
const other = { ...rs, metadata: { ...rs.metadata, name: 'api', uid: 'u2' } };

describe('EventCorrelator', () => {
  it('an exact repeat updates the written event with a growing count', () => {
    const c = new EventCorrelator({ now: () => 0 });
    const first = c.correlate('rs', rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-a');
    expect(first).toMatchObject({ action: 'create', message: 'Created pod: web-a' });
    c.written((first as { key: string }).key, 'web.1');
    expect(c.correlate('rs', rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-a')).toMatchObject({ action: 'update', name: 'web.1', count: 2 });
    expect(c.correlate('rs', rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-a')).toMatchObject({ action: 'update', name: 'web.1', count: 3 });
  });

  it('the 10th distinct message of one reason within 10 minutes is combined, and later ones count on it', () => {
    const c = new EventCorrelator({ now: () => 0 });
    const out = Array.from({ length: 12 }, (_, i) => {
      const r = c.correlate('rs', rs, 'Normal', 'SuccessfulCreate', `Created pod: web-${i}`);
      if (r.action === 'create') c.written(r.key, `web.${i}`);
      return r;
    });
    expect(out.slice(0, 9).every((r) => r.action === 'create' && !r.message.startsWith(COMBINED_PREFIX))).toBe(true);
    expect(out[9]).toMatchObject({ action: 'create', message: `${COMBINED_PREFIX}Created pod: web-9` });
    expect(out[11]).toMatchObject({ action: 'update', name: 'web.9', count: 3, message: `${COMBINED_PREFIX}Created pod: web-11` });
  });

  it('drops what is left of a burst per object (25), refills one token per 5 minutes, other objects unaffected', () => {
    let now = 0;
    const c = new EventCorrelator({ now: () => now });
    const actions = Array.from({ length: 30 }, () => c.correlate('rs', rs, 'Warning', 'FailedCreate', 'quota').action);
    expect(actions.filter((a) => a !== 'skip')).toHaveLength(25);
    expect(c.correlate('rs', other, 'Warning', 'FailedCreate', 'quota').action).toBe('create');
    now += 299_000;
    expect(c.correlate('rs', rs, 'Warning', 'FailedCreate', 'quota').action).toBe('skip');
    now += 2_000;
    expect(c.correlate('rs', rs, 'Warning', 'FailedCreate', 'quota').action).not.toBe('skip');
  });

  it('forget makes the next repeat a new event', () => {
    const c = new EventCorrelator({ now: () => 0 });
    const r = c.correlate('job', rs, 'Normal', 'Completed', 'Job completed') as { key: string };
    c.written(r.key, 'x');
    c.forget(r.key);
    expect(c.correlate('job', rs, 'Normal', 'Completed', 'Job completed').action).toBe('create');
  });
});
