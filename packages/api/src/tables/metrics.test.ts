import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../meta.ts';
import { printerFor } from './index.ts';

describe('metrics printers (metrics-server’s table)', () => {
  it('NodeMetrics: Name, cpu, memory, Window', () => {
    const p = printerFor('NodeMetrics');
    expect(p.columns.map((c) => [c.name, c.format])).toEqual([['Name', 'name'], ['cpu', 'quantity'], ['memory', 'quantity'], ['Window', 'duration']]);
    const node = { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: 'n1' }, window: '10.01s', usage: { cpu: '1500000000n', memory: '3145728Ki' } } as unknown as KubeObject;
    expect(p.row(node, 0)).toEqual(['n1', '1500000000n', '3145728Ki', '10.01s']);
  });

  it('PodMetrics: the sum of the containers’ usage', () => {
    const pod = {
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'PodMetrics',
      metadata: { name: 'web', namespace: 'default' },
      window: '10s',
      containers: [
        { name: 'main', usage: { cpu: '250m', memory: '64Mi' } },
        { name: 'sidecar', usage: { cpu: '5m', memory: '8Mi' } },
      ],
    } as unknown as KubeObject;
    expect(printerFor('PodMetrics').row(pod, 0)).toEqual(['web', '255m', '72Mi', '10s']);
  });
});
