import { describe, expect, it } from 'vitest';
import { podPortsToNumbers, servicePortsToTargets } from './port-forward-target.ts';

const pod = { metadata: { name: 'web' }, spec: { containers: [{ name: 'main', ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }] }] } };
const svc = {
  metadata: { name: 'web' },
  spec: {
    ports: [
      { name: 'web', port: 80, targetPort: 'http' },
      { name: 'direct', port: 81, targetPort: 8081 },
      { name: 'same', port: 82 },
    ],
  },
};

describe('port-forward port translation (kubectl convertPodNamedPortToNumber / translateServicePortToTargetPort)', () => {
  it('pods: a named remote port becomes its container port; a name alone is the local port too', () => {
    expect(podPortsToNumbers(['8000:http', 'metrics', '5000', ':http'], pod)).toEqual(['8000:8080', '9090', '5000', ':8080']);
    expect(() => podPortsToNumbers(['8000:grpc'], pod)).toThrow("error: Pod 'web' does not have a named port 'grpc'");
  });

  it('services: the service port becomes its targetPort (by number or container port name); an omitted local port stays the service port', () => {
    expect(servicePortsToTargets(['80', '9000:80', '81', '82', 'web', ':direct'], svc, pod)).toEqual(['80:8080', '9000:8080', '81:8081', '82', '80:8080', ':8081']);
    expect(() => servicePortsToTargets(['83'], svc, pod)).toThrow('error: Service web does not have a service port 83');
    expect(() => servicePortsToTargets(['grpc'], svc, pod)).toThrow("error: Service 'web' does not have a named port 'grpc'");
    expect(() => servicePortsToTargets(['80'], svc, { ...pod, spec: { containers: [{ name: 'main' }] } })).toThrow("error: Pod 'web' does not have a named port 'http'");
  });
});
