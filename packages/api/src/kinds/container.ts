/** core/v1 Container and what it embeds: env, ports, resources, mounts, security context. */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, mergeList, mapList, str, int, quantity, resourceList, stringEnum, named } from './helpers.ts';
import { ProbeSchema, LifecycleSchema } from './probe.ts';
import { ObjectFieldSelectorRef } from './volume-refs.ts';

const opt = Type.Optional;

const keySelector = (id: string, what: string) =>
  named(id, `Selects a key from a ${what}.`, {
    name: opt(str(`Name of the referent ${what}.`)),
    key: str(`The key of the ${what} to select from.`),
    optional: opt(Type.Boolean({ description: `Specify whether the ${what} or its key must be defined` })),
  });

export const EnvVarSourceSchema = named('io.k8s.api.core.v1.EnvVarSource', 'EnvVarSource represents a source for the value of an EnvVar.', {
  fieldRef: opt(ObjectFieldSelectorRef),
  resourceFieldRef: opt(named('io.k8s.api.core.v1.ResourceFieldSelector', 'ResourceFieldSelector represents container resources (cpu, memory) and their output format', {
    containerName: opt(str('Container name: required for volumes, optional for env vars')),
    resource: str('Required: resource to select'),
    divisor: opt(quantity('Specifies the output format of the exposed resources, defaults to "1"')),
  })),
  configMapKeyRef: opt(keySelector('io.k8s.api.core.v1.ConfigMapKeySelector', 'ConfigMap')),
  secretKeyRef: opt(keySelector('io.k8s.api.core.v1.SecretKeySelector', 'Secret')),
});

export const EnvVarSchema = named('io.k8s.api.core.v1.EnvVar', 'EnvVar represents an environment variable present in a Container.', {
  name: str('Name of the environment variable.'),
  value: opt(str('Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container.')),
  valueFrom: opt(EnvVarSourceSchema),
});

export const EnvFromSourceSchema = named('io.k8s.api.core.v1.EnvFromSource', 'EnvFromSource represents the source of a set of ConfigMaps or Secrets', {
  prefix: opt(str('Optional text to prepend to the name of each environment variable.')),
  configMapRef: opt(named('io.k8s.api.core.v1.ConfigMapEnvSource', 'Selects a ConfigMap to populate the environment variables with.', { name: opt(str('Name of the referent.')), optional: opt(Type.Boolean({ description: 'Specify whether the ConfigMap must be defined' })) })),
  secretRef: opt(named('io.k8s.api.core.v1.SecretEnvSource', 'Selects a Secret to populate the environment variables with.', { name: opt(str('Name of the referent.')), optional: opt(Type.Boolean({ description: 'Specify whether the Secret must be defined' })) })),
});

export const ContainerPortSchema = named('io.k8s.api.core.v1.ContainerPort', 'ContainerPort represents a network port in a single container.', {
  name: opt(str('If specified, this must be an IANA_SVC_NAME and unique within the pod.')),
  hostPort: opt(int('Number of port to expose on the host.')),
  containerPort: int("Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536."),
  protocol: opt(stringEnum(['TCP', 'UDP', 'SCTP'], 'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".')),
  hostIP: opt(str('What host IP to bind the external port to.')),
});

export const ResourceClaimRefSchema = named('io.k8s.api.core.v1.ResourceClaim', 'ResourceClaim references one entry in PodSpec.ResourceClaims.', {
  name: str('Name must match the name of one entry in pod.spec.resourceClaims of the Pod where this field is used.'),
  request: opt(str('Request is the name chosen for a request in the referenced claim. If empty, everything from the claim is made available.')),
});

export const ResourceRequirementsSchema = named('io.k8s.api.core.v1.ResourceRequirements', 'ResourceRequirements describes the compute resource requirements.', {
  limits: opt(resourceList('Limits describes the maximum amount of compute resources allowed.')),
  requests: opt(resourceList('Requests describes the minimum amount of compute resources required. Defaults to Limits if omitted.')),
  claims: opt(mapList(ResourceClaimRefSchema, ['name'], 'Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.')),
});
export type ResourceRequirements = Static<typeof ResourceRequirementsSchema>;

export const VolumeMountSchema = named('io.k8s.api.core.v1.VolumeMount', 'VolumeMount describes a mounting of a Volume within a container.', {
  name: str('This must match the Name of a Volume.'),
  readOnly: opt(Type.Boolean({ description: 'Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.' })),
  mountPath: str("Path within the container at which the volume should be mounted. Must not contain ':'."),
  subPath: opt(str("Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root).")),
  mountPropagation: opt(stringEnum(['None', 'HostToContainer', 'Bidirectional'], 'mountPropagation determines how mounts are propagated from the host to container and the other way around.')),
});

export const SecurityContextSchema = named('io.k8s.api.core.v1.SecurityContext', 'SecurityContext holds security configuration that will be applied to a container.', {
  privileged: opt(Type.Boolean({ description: 'Run container in privileged mode. Defaults to false.' })),
  runAsUser: opt(int('The UID to run the entrypoint of the container process.', 'int64')),
  runAsGroup: opt(int('The GID to run the entrypoint of the container process.', 'int64')),
  runAsNonRoot: opt(Type.Boolean({ description: 'Indicates that the container must run as a non-root user.' })),
  readOnlyRootFilesystem: opt(Type.Boolean({ description: 'Whether this container has a read-only root filesystem. Default is false.' })),
  allowPrivilegeEscalation: opt(Type.Boolean({ description: 'AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process.' })),
  capabilities: opt(named('io.k8s.api.core.v1.Capabilities', 'Adds and removes POSIX capabilities from running containers.', {
    add: opt(atomicList(Type.String(), 'Added capabilities')),
    drop: opt(atomicList(Type.String(), 'Removed capabilities')),
  })),
});

export const ContainerSchema = named('io.k8s.api.core.v1.Container', 'A single application container that you want to run within a pod.', {
  name: str('Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.'),
  image: opt(str('Container image name.')),
  command: opt(atomicList(Type.String(), "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided.")),
  args: opt(atomicList(Type.String(), "Arguments to the entrypoint. The container image's CMD is used if this is not provided.")),
  workingDir: opt(str("Container's working directory.")),
  ports: opt(mergeList(ContainerPortSchema, 'containerPort', 'List of ports to expose from the container.', ['containerPort', 'protocol'])),
  envFrom: opt(atomicList(EnvFromSourceSchema, 'List of sources to populate environment variables in the container.')),
  env: opt(mergeList(EnvVarSchema, 'name', 'List of environment variables to set in the container. Cannot be updated.')),
  resources: opt(ResourceRequirementsSchema),
  restartPolicy: opt(stringEnum(['Always'], 'RestartPolicy defines the restart behavior of individual containers in a pod (init containers only: Always makes a sidecar).')),
  volumeMounts: opt(mergeList(VolumeMountSchema, 'mountPath', "Pod volumes to mount into the container's filesystem. Cannot be updated.")),
  livenessProbe: opt(ProbeSchema),
  readinessProbe: opt(ProbeSchema),
  startupProbe: opt(ProbeSchema),
  lifecycle: opt(LifecycleSchema),
  terminationMessagePath: opt(str("Path at which the file to which the container's termination message will be written is mounted. Defaults to /dev/termination-log.")),
  terminationMessagePolicy: opt(stringEnum(['File', 'FallbackToLogsOnError'], 'Indicate how the termination message should be populated. Defaults to File.')),
  imagePullPolicy: opt(stringEnum(['Always', 'Never', 'IfNotPresent'], 'Image pull policy. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise.')),
  securityContext: opt(SecurityContextSchema),
  stdin: opt(Type.Boolean({ description: 'Whether this container should allocate a buffer for stdin in the container runtime.' })),
  stdinOnce: opt(Type.Boolean({ description: 'Whether the container runtime should close the stdin channel after it has been opened by a single attach.' })),
  tty: opt(Type.Boolean({ description: "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true." })),
});
export type Container = Static<typeof ContainerSchema>;
