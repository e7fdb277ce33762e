import { describe, expect, it } from 'vitest';
import type { GangInfo } from '../../gang/gang.ts';
import { gangTimeoutMs, type GangSchedulingArgs } from './timeout.ts';

const gang = (kind: GangInfo['kind'], timeoutSeconds?: number): GangInfo => ({ key: 'k', kind, namespace: 'ml', name: 'g', exists: true, isGang: true, minCount: 2, createdAt: 0, timeoutSeconds });

describe('gangTimeoutMs', () => {
  const cases: [string, GangInfo, GangSchedulingArgs, number][] = [
    ['scheduler-plugins PodGroup: spec.scheduleTimeoutSeconds wins', gang('CoschedulingPodGroup', 10), { permitWaitingTimeSeconds: 30 }, 10_000],
    ['scheduler-plugins PodGroup without it: permitWaitingTimeSeconds', gang('CoschedulingPodGroup'), { permitWaitingTimeSeconds: 30 }, 30_000],
    ['scheduler-plugins PodGroup, no args: Coscheduling default 60 s', gang('CoschedulingPodGroup'), {}, 60_000],
    ['Workload API PodGroup: upstream fixed 5 minutes', gang('PodGroup'), { permitWaitingTimeSeconds: 30 }, 300_000],
    ['Workload API PodGroup: podGroupTimeoutSeconds overrides', gang('PodGroup'), { podGroupTimeoutSeconds: 20 }, 20_000],
  ];
  for (const [name, g, args, ms] of cases) it(name, () => expect(gangTimeoutMs(g, args)).toBe(ms));
});
