/**
 * core/v1 pod messages: PodTemplateSpec, PodSpec, Container and what they hold. Field numbers
 * from kubernetes/api core/v1/generated.proto. Covers what `kubectl create deployment|job` and
 * hand-written specs set (containers, ports, env, resources, probes, volumes, security
 * contexts, scheduling hints); fields newer than the table are skipped by the decoder.
 */
import { IntOrString, LabelSelector, ObjectMeta, Quantity } from './meta.ts';
import { mapOf, message, type FieldSpec } from './schema.ts';

const LocalObjectReference = message('LocalObjectReference', () => ({ 1: ['name', 'string'] }));

const ObjectFieldSelector = message('ObjectFieldSelector', () => ({
  1: ['apiVersion', 'string'],
  2: ['fieldPath', 'string', 'keep'],
}));

const ResourceFieldSelector = message('ResourceFieldSelector', () => ({
  1: ['containerName', 'string'],
  2: ['resource', 'string', 'keep'],
  3: ['divisor', Quantity],
}));

const KeySelector = (name: string) =>
  message(name, () => ({
    1: ['localObjectReference', LocalObjectReference, 'inline'],
    2: ['key', 'string', 'keep'],
    3: ['optional', 'bool', 'keep'],
  }));

const EnvVarSource = message('EnvVarSource', () => ({
  1: ['fieldRef', ObjectFieldSelector],
  2: ['resourceFieldRef', ResourceFieldSelector],
  3: ['configMapKeyRef', KeySelector('ConfigMapKeySelector')],
  4: ['secretKeyRef', KeySelector('SecretKeySelector')],
}));

const EnvVar = message('EnvVar', () => ({
  1: ['name', 'string', 'keep'],
  2: ['value', 'string'],
  3: ['valueFrom', EnvVarSource],
}));

const EnvSource = (name: string) =>
  message(name, () => ({
    1: ['localObjectReference', LocalObjectReference, 'inline'],
    2: ['optional', 'bool', 'keep'],
  }));

const EnvFromSource = message('EnvFromSource', () => ({
  1: ['prefix', 'string'],
  2: ['configMapRef', EnvSource('ConfigMapEnvSource')],
  3: ['secretRef', EnvSource('SecretEnvSource')],
}));

const ContainerPort = message('ContainerPort', () => ({
  1: ['name', 'string'],
  2: ['hostPort', 'int32'],
  3: ['containerPort', 'int32', 'keep'],
  4: ['protocol', 'string'],
  5: ['hostIP', 'string'],
}));

const ResourceRequirements = message('ResourceRequirements', () => ({
  1: ['limits', mapOf(Quantity)],
  2: ['requests', mapOf(Quantity)],
}));

const VolumeMount = message('VolumeMount', () => ({
  1: ['name', 'string', 'keep'],
  2: ['readOnly', 'bool'],
  3: ['mountPath', 'string', 'keep'],
  4: ['subPath', 'string'],
  5: ['mountPropagation', 'string', 'keep'],
  6: ['subPathExpr', 'string'],
}));

const VolumeDevice = message('VolumeDevice', () => ({ 1: ['name', 'string', 'keep'], 2: ['devicePath', 'string', 'keep'] }));

const ExecAction = message('ExecAction', () => ({ 1: ['command', 'string', 'repeated'] }));
const HTTPHeader = message('HTTPHeader', () => ({ 1: ['name', 'string', 'keep'], 2: ['value', 'string', 'keep'] }));
const HTTPGetAction = message('HTTPGetAction', () => ({
  1: ['path', 'string'],
  2: ['port', IntOrString],
  3: ['host', 'string'],
  4: ['scheme', 'string'],
  5: ['httpHeaders', HTTPHeader, 'repeated'],
}));
const TCPSocketAction = message('TCPSocketAction', () => ({ 1: ['port', IntOrString], 2: ['host', 'string'] }));

/** ProbeHandler / LifecycleHandler (formerly Handler): same numbers. */
const Handler = message('Handler', () => ({
  1: ['exec', ExecAction],
  2: ['httpGet', HTTPGetAction],
  3: ['tcpSocket', TCPSocketAction],
}));

const Probe = message('Probe', () => ({
  1: ['handler', Handler, 'inline'],
  2: ['initialDelaySeconds', 'int32'],
  3: ['timeoutSeconds', 'int32'],
  4: ['periodSeconds', 'int32'],
  5: ['successThreshold', 'int32'],
  6: ['failureThreshold', 'int32'],
  7: ['terminationGracePeriodSeconds', 'int64', 'keep'],
}));

const Lifecycle = message('Lifecycle', () => ({ 1: ['postStart', Handler], 2: ['preStop', Handler] }));

const Capabilities = message('Capabilities', () => ({ 1: ['add', 'string', 'repeated'], 2: ['drop', 'string', 'repeated'] }));

const SELinuxOptions = message('SELinuxOptions', () => ({
  1: ['user', 'string'],
  2: ['role', 'string'],
  3: ['type', 'string'],
  4: ['level', 'string'],
}));

const WindowsSecurityContextOptions = message('WindowsSecurityContextOptions', () => ({
  1: ['gmsaCredentialSpecName', 'string', 'keep'],
  2: ['gmsaCredentialSpec', 'string', 'keep'],
  3: ['runAsUserName', 'string', 'keep'],
}));

const SeccompProfile = message('SeccompProfile', () => ({ 1: ['type', 'string', 'keep'], 2: ['localhostProfile', 'string', 'keep'] }));

const SecurityContext = message('SecurityContext', () => ({
  1: ['capabilities', Capabilities],
  2: ['privileged', 'bool', 'keep'],
  3: ['seLinuxOptions', SELinuxOptions],
  10: ['windowsOptions', WindowsSecurityContextOptions],
  4: ['runAsUser', 'int64', 'keep'],
  8: ['runAsGroup', 'int64', 'keep'],
  5: ['runAsNonRoot', 'bool', 'keep'],
  6: ['readOnlyRootFilesystem', 'bool', 'keep'],
  7: ['allowPrivilegeEscalation', 'bool', 'keep'],
  9: ['procMount', 'string', 'keep'],
  11: ['seccompProfile', SeccompProfile],
}));

const Sysctl = message('Sysctl', () => ({ 1: ['name', 'string', 'keep'], 2: ['value', 'string', 'keep'] }));

const PodSecurityContext = message('PodSecurityContext', () => ({
  1: ['seLinuxOptions', SELinuxOptions],
  8: ['windowsOptions', WindowsSecurityContextOptions],
  2: ['runAsUser', 'int64', 'keep'],
  6: ['runAsGroup', 'int64', 'keep'],
  3: ['runAsNonRoot', 'bool', 'keep'],
  4: ['supplementalGroups', 'int64', 'repeated'],
  5: ['fsGroup', 'int64', 'keep'],
  7: ['sysctls', Sysctl, 'repeated'],
  9: ['fsGroupChangePolicy', 'string', 'keep'],
  10: ['seccompProfile', SeccompProfile],
}));

export const Container = message('Container', () => ({
  1: ['name', 'string', 'keep'],
  2: ['image', 'string'],
  3: ['command', 'string', 'repeated'],
  4: ['args', 'string', 'repeated'],
  5: ['workingDir', 'string'],
  6: ['ports', ContainerPort, 'repeated'],
  19: ['envFrom', EnvFromSource, 'repeated'],
  7: ['env', EnvVar, 'repeated'],
  8: ['resources', ResourceRequirements],
  9: ['volumeMounts', VolumeMount, 'repeated'],
  21: ['volumeDevices', VolumeDevice, 'repeated'],
  10: ['livenessProbe', Probe],
  11: ['readinessProbe', Probe],
  22: ['startupProbe', Probe],
  12: ['lifecycle', Lifecycle],
  13: ['terminationMessagePath', 'string'],
  20: ['terminationMessagePolicy', 'string'],
  14: ['imagePullPolicy', 'string'],
  15: ['securityContext', SecurityContext],
  16: ['stdin', 'bool'],
  17: ['stdinOnce', 'bool'],
  18: ['tty', 'bool'],
  // Sidecar containers (init containers with restartPolicy: Always), newer than the table above.
  24: ['restartPolicy', 'string', 'keep'],
}));

const KeyToPath = message('KeyToPath', () => ({ 1: ['key', 'string', 'keep'], 2: ['path', 'string', 'keep'], 3: ['mode', 'int32', 'keep'] }));

const DownwardAPIVolumeFile = message('DownwardAPIVolumeFile', () => ({
  1: ['path', 'string', 'keep'],
  2: ['fieldRef', ObjectFieldSelector],
  3: ['resourceFieldRef', ResourceFieldSelector],
  4: ['mode', 'int32', 'keep'],
}));

/** ConfigMap/Secret projections and the ConfigMap volume share numbers; only volumes have defaultMode. */
const ConfigMapLike = (name: string, withDefaultMode: boolean) =>
  message(name, () => {
    const table: Record<number, FieldSpec> = {
      1: ['localObjectReference', LocalObjectReference, 'inline'],
      2: ['items', KeyToPath, 'repeated'],
      4: ['optional', 'bool', 'keep'],
    };
    if (withDefaultMode) table[3] = ['defaultMode', 'int32', 'keep'];
    return table;
  });

const SecretProjection = ConfigMapLike('SecretProjection', false);
const ConfigMapProjection = ConfigMapLike('ConfigMapProjection', false);

const VolumeProjection = message('VolumeProjection', () => ({
  1: ['secret', SecretProjection],
  2: ['downwardAPI', message('DownwardAPIProjection', () => ({ 1: ['items', DownwardAPIVolumeFile, 'repeated'] }))],
  3: ['configMap', ConfigMapProjection],
  4: [
    'serviceAccountToken',
    message('ServiceAccountTokenProjection', () => ({
      1: ['audience', 'string'],
      2: ['expirationSeconds', 'int64', 'keep'],
      3: ['path', 'string', 'keep'],
    })),
  ],
}));

const VolumeSource = message('VolumeSource', () => ({
  1: ['hostPath', message('HostPathVolumeSource', () => ({ 1: ['path', 'string', 'keep'], 2: ['type', 'string', 'keep'] }))],
  2: ['emptyDir', message('EmptyDirVolumeSource', () => ({ 1: ['medium', 'string'], 2: ['sizeLimit', Quantity] }))],
  6: [
    'secret',
    message('SecretVolumeSource', () => ({
      1: ['secretName', 'string'],
      2: ['items', KeyToPath, 'repeated'],
      3: ['defaultMode', 'int32', 'keep'],
      4: ['optional', 'bool', 'keep'],
    })),
  ],
  7: ['nfs', message('NFSVolumeSource', () => ({ 1: ['server', 'string', 'keep'], 2: ['path', 'string', 'keep'], 3: ['readOnly', 'bool'] }))],
  10: ['persistentVolumeClaim', message('PersistentVolumeClaimVolumeSource', () => ({ 1: ['claimName', 'string', 'keep'], 2: ['readOnly', 'bool'] }))],
  16: [
    'downwardAPI',
    message('DownwardAPIVolumeSource', () => ({ 1: ['items', DownwardAPIVolumeFile, 'repeated'], 2: ['defaultMode', 'int32', 'keep'] })),
  ],
  19: ['configMap', ConfigMapLike('ConfigMapVolumeSource', true)],
  26: ['projected', message('ProjectedVolumeSource', () => ({ 1: ['sources', VolumeProjection, 'repeated'], 2: ['defaultMode', 'int32', 'keep'] }))],
}));

const Volume = message('Volume', () => ({ 1: ['name', 'string', 'keep'], 2: ['volumeSource', VolumeSource, 'inline'] }));

const Toleration = message('Toleration', () => ({
  1: ['key', 'string'],
  2: ['operator', 'string'],
  3: ['value', 'string'],
  4: ['effect', 'string'],
  5: ['tolerationSeconds', 'int64', 'keep'],
}));

const NodeSelectorRequirement = message('NodeSelectorRequirement', () => ({
  1: ['key', 'string', 'keep'],
  2: ['operator', 'string', 'keep'],
  3: ['values', 'string', 'repeated'],
}));
const NodeSelectorTerm = message('NodeSelectorTerm', () => ({
  1: ['matchExpressions', NodeSelectorRequirement, 'repeated'],
  2: ['matchFields', NodeSelectorRequirement, 'repeated'],
}));
const NodeAffinity = message('NodeAffinity', () => ({
  1: ['requiredDuringSchedulingIgnoredDuringExecution', message('NodeSelector', () => ({ 1: ['nodeSelectorTerms', NodeSelectorTerm, 'repeated'] }))],
  2: [
    'preferredDuringSchedulingIgnoredDuringExecution',
    message('PreferredSchedulingTerm', () => ({ 1: ['weight', 'int32', 'keep'], 2: ['preference', NodeSelectorTerm] })),
    'repeated',
  ],
}));
const PodAffinityTerm = message('PodAffinityTerm', () => ({
  1: ['labelSelector', LabelSelector],
  2: ['namespaces', 'string', 'repeated'],
  3: ['topologyKey', 'string', 'keep'],
  4: ['namespaceSelector', LabelSelector],
}));
const WeightedPodAffinityTerm = message('WeightedPodAffinityTerm', () => ({ 1: ['weight', 'int32', 'keep'], 2: ['podAffinityTerm', PodAffinityTerm] }));
const PodAffinityLike = (name: string) =>
  message(name, () => ({
    1: ['requiredDuringSchedulingIgnoredDuringExecution', PodAffinityTerm, 'repeated'],
    2: ['preferredDuringSchedulingIgnoredDuringExecution', WeightedPodAffinityTerm, 'repeated'],
  }));
const Affinity = message('Affinity', () => ({
  1: ['nodeAffinity', NodeAffinity],
  2: ['podAffinity', PodAffinityLike('PodAffinity')],
  3: ['podAntiAffinity', PodAffinityLike('PodAntiAffinity')],
}));

const HostAlias = message('HostAlias', () => ({ 1: ['ip', 'string', 'keep'], 2: ['hostnames', 'string', 'repeated'] }));

const PodDNSConfig = message('PodDNSConfig', () => ({
  1: ['nameservers', 'string', 'repeated'],
  2: ['searches', 'string', 'repeated'],
  3: ['options', message('PodDNSConfigOption', () => ({ 1: ['name', 'string'], 2: ['value', 'string', 'keep'] })), 'repeated'],
}));

const TopologySpreadConstraint = message('TopologySpreadConstraint', () => ({
  1: ['maxSkew', 'int32', 'keep'],
  2: ['topologyKey', 'string', 'keep'],
  3: ['whenUnsatisfiable', 'string', 'keep'],
  4: ['labelSelector', LabelSelector],
}));

export const PodSpec = message('PodSpec', () => ({
  1: ['volumes', Volume, 'repeated'],
  20: ['initContainers', Container, 'repeated'],
  2: ['containers', Container, 'repeated'],
  3: ['restartPolicy', 'string'],
  4: ['terminationGracePeriodSeconds', 'int64', 'keep'],
  5: ['activeDeadlineSeconds', 'int64', 'keep'],
  6: ['dnsPolicy', 'string'],
  7: ['nodeSelector', mapOf('string')],
  8: ['serviceAccountName', 'string'],
  9: ['serviceAccount', 'string'],
  21: ['automountServiceAccountToken', 'bool', 'keep'],
  10: ['nodeName', 'string'],
  11: ['hostNetwork', 'bool'],
  12: ['hostPID', 'bool'],
  13: ['hostIPC', 'bool'],
  27: ['shareProcessNamespace', 'bool', 'keep'],
  14: ['securityContext', PodSecurityContext],
  15: ['imagePullSecrets', LocalObjectReference, 'repeated'],
  16: ['hostname', 'string'],
  17: ['subdomain', 'string'],
  18: ['affinity', Affinity],
  19: ['schedulerName', 'string'],
  22: ['tolerations', Toleration, 'repeated'],
  23: ['hostAliases', HostAlias, 'repeated'],
  24: ['priorityClassName', 'string'],
  25: ['priority', 'int32', 'keep'],
  26: ['dnsConfig', PodDNSConfig],
  28: ['readinessGates', message('PodReadinessGate', () => ({ 1: ['conditionType', 'string', 'keep'] })), 'repeated'],
  29: ['runtimeClassName', 'string', 'keep'],
  30: ['enableServiceLinks', 'bool', 'keep'],
  31: ['preemptionPolicy', 'string', 'keep'],
  32: ['overhead', mapOf(Quantity)],
  33: ['topologySpreadConstraints', TopologySpreadConstraint, 'repeated'],
  35: ['setHostnameAsFQDN', 'bool', 'keep'],
}));

export const PodTemplateSpec = message('PodTemplateSpec', () => ({
  1: ['metadata', ObjectMeta],
  2: ['spec', PodSpec],
}));

/** Status is server-owned; a client-sent one is kept only as far as its phase. */
const PodStatus = message('PodStatus', () => ({ 1: ['phase', 'string'] }));

export const Pod = message('Pod', () => ({
  1: ['metadata', ObjectMeta],
  2: ['spec', PodSpec],
  3: ['status', PodStatus],
}));
