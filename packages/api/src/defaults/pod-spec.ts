/**
 * SetDefaults_PodSpec and the container/probe/volume defaults it recurses into
 * (kubernetes pkg/apis/core/v1/defaults.go). Applies to Pods and to every pod template
 * (Deployment, ReplicaSet, Job), which is why it is separate from the Pod-only defaults.
 */
import type { PodSpec } from '../kinds/pod.ts';
import type { Container } from '../kinds/container.ts';
import type { Volume } from '../kinds/volume.ts';
import { VOLUME_SOURCES } from '../kinds/volume.ts';

type Probe = NonNullable<Container['livenessProbe']>;
type HandlerLike = { httpGet?: { scheme?: string; path?: string } | undefined };

export function defaultPodSpec(spec: PodSpec): void {
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) defaultVolume(v);
}

export function defaultContainer(c: Container): void {
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
  if (c.lifecycle?.postStart) defaultHandler(c.lifecycle.postStart);
  if (c.lifecycle?.preStop) defaultHandler(c.lifecycle.preStop);
}

/** Always for `:latest` or an untagged image, IfNotPresent otherwise; digests count as tagged. */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

export function defaultProbe(p: Probe): void {
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  defaultHandler(p);
}

function defaultHandler(h: HandlerLike): void {
  if (h.httpGet) {
    h.httpGet.path ??= '/';
    h.httpGet.scheme ??= 'HTTP';
  }
}

/** SetDefaults_Volume: a volume without a source is an emptyDir; file modes default to 0644. */
export function defaultVolume(v: Volume): void {
  if (!VOLUME_SOURCES.some((k) => v[k] !== undefined)) v.emptyDir = {};
  if (v.configMap) v.configMap.defaultMode ??= 0o644;
  if (v.secret) v.secret.defaultMode ??= 0o644;
  if (v.projected) v.projected.defaultMode ??= 0o644;
  if (v.hostPath) v.hostPath.type ??= '';
}
