/** One minimal valid object per served resource (plural.group → body), for CRUD-every-kind tests. */
const podSpec = { containers: [{ name: 'main', image: 'busybox:1.36' }] };
const template = { metadata: { labels: { app: 'web' } }, spec: podSpec };
const gangPolicy = { schedulingPolicy: { gang: { minCount: 2 } } };

export const samples: Record<string, Record<string, unknown>> = {
  namespaces: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sample' } },
  pods: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'sample' }, spec: podSpec },
  nodes: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'sample', labels: { 'kubernetes.io/hostname': 'sample' } }, spec: {} },
  services: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'sample' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
  events: {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'sample' },
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
    reason: 'Started',
    message: 'Started container main',
    type: 'Normal',
    source: { component: 'test' },
  },
  configmaps: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sample' }, data: { a: '1' } },
  secrets: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sample' }, stringData: { password: 'x' } },
  'deployments.apps': { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'sample' }, spec: { selector: { matchLabels: { app: 'web' } }, template } },
  'replicasets.apps': { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'sample' }, spec: { selector: { matchLabels: { app: 'web' } }, template } },
  'jobs.batch': {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'sample' },
    spec: { template: { spec: { ...podSpec, restartPolicy: 'Never' } } },
  },
  'endpointslices.discovery.k8s.io': {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'sample', labels: { 'kubernetes.io/service-name': 'sample' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true } }],
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  },
  'leases.coordination.k8s.io': {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'sample' },
    spec: { holderIdentity: 'me', leaseDurationSeconds: 40, renewTime: '2026-01-02T15:04:05.000000Z' },
  },
  'deviceclasses.resource.k8s.io': {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'DeviceClass',
    metadata: { name: 'sample' },
    spec: { selectors: [{ cel: { expression: "device.driver == 'gpu.nvidia.com'" } }] },
  },
  'resourceslices.resource.k8s.io': {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceSlice',
    metadata: { name: 'sample' },
    spec: {
      driver: 'gpu.nvidia.com',
      nodeName: 'node-1',
      pool: { name: 'node-1', generation: 1, resourceSliceCount: 1 },
      devices: [{ name: 'gpu-0', attributes: { productName: { string: 'H100' } }, capacity: { memory: { value: '80Gi' } } }],
    },
  },
  'resourceclaims.resource.k8s.io': {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaim',
    metadata: { name: 'sample' },
    spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com' } }] } },
  },
  'resourceclaimtemplates.resource.k8s.io': {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaimTemplate',
    metadata: { name: 'sample' },
    spec: { spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com' } }] } } },
  },
  'priorityclasses.scheduling.k8s.io': { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'sample' }, value: 1000 },
  'workloads.scheduling.k8s.io': {
    apiVersion: 'scheduling.k8s.io/v1alpha2',
    kind: 'Workload',
    metadata: { name: 'sample' },
    spec: { podGroupTemplates: [{ name: 'workers', ...gangPolicy }] },
  },
  'podgroups.scheduling.k8s.io': { apiVersion: 'scheduling.k8s.io/v1alpha2', kind: 'PodGroup', metadata: { name: 'sample' }, spec: gangPolicy },
  'podgroups.scheduling.x-k8s.io': { apiVersion: 'scheduling.x-k8s.io/v1alpha1', kind: 'PodGroup', metadata: { name: 'sample' }, spec: { minMember: 2 } },
  'poddisruptionbudgets.policy': {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'sample' },
    spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
  },
};
