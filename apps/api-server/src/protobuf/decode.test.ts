/**
 * The decoder against real kubectl 1.32 request bodies (testdata/*.bin, recorded by
 * testdata/capture.ts): each must decode to exactly what `kubectl ... --dry-run=client -o json`
 * prints for the same command (testdata/*.json), i.e. the JSON kubectl would have sent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StatusError } from '@skiff/api';
import { decodeProtobufBody } from './body.ts';
import { decodeMessage } from './decode.ts';
import { MAGIC } from './envelope.ts';
import { ObjectMeta } from './meta.ts';
import { Service } from './core.ts';
import { PodSpec } from './pod.ts';

const dir = join(import.meta.dirname, 'testdata');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.bin'))
  .map((f) => f.slice(0, -4));

/** Minimal protobuf writer for hand-made cases. */
const varint = (n: number | bigint): number[] => {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return out;
};
const tag = (field: number, wire: number) => varint((field << 3) | wire);
const ld = (field: number, bytes: number[] | string) => {
  const b = typeof bytes === 'string' ? [...Buffer.from(bytes)] : bytes;
  return [...tag(field, 2), ...varint(b.length), ...b];
};
const vi = (field: number, n: number | bigint) => [...tag(field, 0), ...varint(n)];
const envelope = (apiVersion: string, kind: string, raw: number[], encoding = '') =>
  Uint8Array.from([...MAGIC, ...ld(1, [...ld(1, apiVersion), ...ld(2, kind)]), ...ld(2, raw), ...ld(3, encoding), ...ld(4, '')]);

describe('kubectl 1.32 protobuf bodies decode to the JSON kubectl would send', () => {
  it('has fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(8));
  for (const name of fixtures) {
    it(name, () => {
      const decoded = decodeProtobufBody(readFileSync(join(dir, `${name}.bin`)));
      const oracle = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
      expect(decoded).toEqual(oracle);
    });
  }
});

describe('decoder rules', () => {
  it('keeps unset optional scalars absent and drops zero non-pointer ones; messages always appear', () => {
    // name "a", generateName "" (zero, omitempty), generation 0, deletionGracePeriodSeconds 0 (pointer: kept)
    const meta = decodeMessage(ObjectMeta, Uint8Array.from([...ld(1, 'a'), ...ld(2, ''), ...vi(7, 0), ...vi(10, 0)]));
    expect(meta).toEqual({ name: 'a', deletionGracePeriodSeconds: 0 });
  });

  it('reads labels, annotations, ownerReferences, finalizers and timestamps', () => {
    const owner = [...ld(5, 'apps/v1'), ...ld(1, 'ReplicaSet'), ...ld(3, 'rs'), ...ld(4, 'u-1'), ...vi(6, 1), ...vi(7, 0)];
    const bytes = Uint8Array.from([
      ...ld(3, 'ns'),
      ...ld(8, [...vi(1, 1_700_000_000)]),
      ...ld(11, [...ld(1, 'app'), ...ld(2, 'web')]),
      ...ld(12, [...ld(1, 'note'), ...ld(2, '')]),
      ...ld(13, owner),
      ...ld(14, 'example.com/a'),
      ...ld(14, 'example.com/b'),
    ]);
    expect(decodeMessage(ObjectMeta, bytes)).toEqual({
      namespace: 'ns',
      creationTimestamp: '2023-11-14T22:13:20Z',
      labels: { app: 'web' },
      annotations: { note: '' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u-1', controller: true, blockOwnerDeletion: false }],
      finalizers: ['example.com/a', 'example.com/b'],
    });
  });

  it('skips unknown fields of every wire type', () => {
    const bytes = Uint8Array.from([
      ...vi(90, 5),
      ...tag(91, 1), 1, 2, 3, 4, 5, 6, 7, 8,
      ...tag(92, 5), 1, 2, 3, 4,
      ...ld(93, 'x'),
      ...ld(1, 'kept'),
    ]);
    expect(decodeMessage(ObjectMeta, bytes)).toEqual({ name: 'kept' });
  });

  it('IntOrString: int or string by its type', () => {
    const port = (target: number[]) => ld(1, [...vi(3, 80), ...ld(4, target)]);
    const svc = (target: number[]) => decodeMessage(Service, Uint8Array.from(ld(2, port(target))));
    expect(svc([...vi(1, 0), ...vi(2, 8080), ...ld(3, '')])).toEqual({ spec: { ports: [{ port: 80, targetPort: 8080 }] } });
    expect(svc([...vi(1, 1), ...vi(2, 0), ...ld(3, 'http')])).toEqual({ spec: { ports: [{ port: 80, targetPort: 'http' }] } });
  });

  it('negative int32 (10-byte varint) and int64', () => {
    expect(decodeMessage(ObjectMeta, Uint8Array.from([...vi(7, -2n), ...vi(10, -1n)]))).toEqual({ generation: -2, deletionGracePeriodSeconds: -1 });
  });
});

describe('pod specs beyond kubectl create', () => {
  it('embedded structs inline, empty messages as {}, pointers kept at zero', () => {
    const intstr = (s: string) => [...vi(1, 1), ...vi(2, 0), ...ld(3, s)];
    const container = [
      ...ld(1, 'app'),
      ...ld(2, 'nginx'),
      ...ld(7, [...ld(1, 'PASSWORD'), ...ld(2, ''), ...ld(3, ld(4, [...ld(1, ld(1, 'creds')), ...ld(2, 'pw')]))]),
      ...ld(8, []), // resources: {}
      ...ld(9, [...ld(1, 'cfg'), ...vi(2, 1), ...ld(3, '/etc/cfg')]),
      ...ld(10, [...ld(1, ld(2, [...ld(1, '/healthz'), ...ld(2, intstr('http'))])), ...vi(2, 5), ...vi(3, 0)]),
      ...ld(14, 'IfNotPresent'),
      ...ld(15, []), // securityContext: {}
    ];
    const spec = decodeMessage(
      PodSpec,
      Uint8Array.from([
        ...ld(1, [...ld(1, 'cfg'), ...ld(2, ld(19, ld(1, ld(1, 'app-config'))))]),
        ...ld(1, [...ld(1, 'scratch'), ...ld(2, ld(2, ld(1, '')))]),
        ...ld(2, container),
        ...ld(3, 'Always'),
        ...vi(4, 30),
        ...ld(6, 'ClusterFirst'),
        ...ld(14, []),
        ...ld(19, 'default-scheduler'),
        ...vi(21, 0),
      ]),
    );
    expect(spec).toEqual({
      volumes: [
        { name: 'cfg', configMap: { name: 'app-config' } },
        { name: 'scratch', emptyDir: {} },
      ],
      containers: [
        {
          name: 'app',
          image: 'nginx',
          env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'pw' } } }],
          resources: {},
          volumeMounts: [{ name: 'cfg', readOnly: true, mountPath: '/etc/cfg' }],
          livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 5 },
          imagePullPolicy: 'IfNotPresent',
          securityContext: {},
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
      automountServiceAccountToken: false,
    });
  });

  it('resource quantities and packed repeated ints', () => {
    const spec = decodeMessage(
      PodSpec,
      Uint8Array.from([
        ...ld(2, [...ld(1, 'c'), ...ld(8, [...ld(1, [...ld(1, 'cpu'), ...ld(2, ld(1, '500m'))]), ...ld(2, [...ld(1, 'memory'), ...ld(2, ld(1, '64Mi'))])])]),
        ...ld(14, ld(4, [...varint(1000), ...varint(2000)])), // supplementalGroups, packed
      ]),
    );
    expect(spec).toEqual({
      containers: [{ name: 'c', resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } } }],
      securityContext: { supplementalGroups: [1000, 2000] },
    });
  });
});

describe('envelope errors', () => {
  const status = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e as StatusError;
    }
    throw new Error('expected an error');
  };

  it('kinds without a table: 415 naming the kind and suggesting kubectl apply -f', () => {
    const e = status(() => decodeProtobufBody(envelope('rbac.authorization.k8s.io/v1', 'Role', ld(1, ld(1, 'r')))));
    expect(e).toBeInstanceOf(StatusError);
    expect(e.code).toBe(415);
    expect(e.reason).toBe('UnsupportedMediaType');
    expect(e.message).toContain('Role (rbac.authorization.k8s.io/v1)');
    expect(e.message).toContain('kubectl apply -f');
  });

  it('a content encoding is refused with 415', () => {
    expect(status(() => decodeProtobufBody(envelope('v1', 'Namespace', [], 'gzip'))).code).toBe(415);
  });

  it('garbage: 400, not a crash', () => {
    expect(status(() => decodeProtobufBody(Buffer.from('{"kind":"Namespace"}'))).code).toBe(400);
    expect(status(() => decodeProtobufBody(Uint8Array.from([...MAGIC, 0x0a, 0x7f, 0x01]))).code).toBe(400);
    const truncatedNs = envelope('v1', 'Namespace', ld(1, ld(1, 'foo'))).slice(0, -6);
    expect(status(() => decodeProtobufBody(truncatedNs)).code).toBe(400);
  });
});
