/**
 * ValidatePodSpec: containers, volumes, resource claims, scheduling fields. Used for Pods
 * and for every pod template (Deployment, ReplicaSet, Job) with its own path prefix.
 */
import type { PodSpec } from '../kinds/pod.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { VOLUME_SOURCES } from '../kinds/volume.ts';
import { validateDNS1123Subdomain } from '../names.ts';
import { validateQualifiedName } from '../names.ts';
import { dnsLabel, nonNegative, positive, uniqueBy } from './common.ts';
import { validateContainers } from './container.ts';

export function validatePodSpec(spec: PodSpec | undefined, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  if (!spec) return [cause.required(path)];
  const volumes = new Set<string>();
  (spec.volumes ?? []).forEach((v, i) => {
    const vp = `${path}.volumes[${i}]`;
    if (!v.name) out.push(cause.required(`${vp}.name`));
    else {
      out.push(...dnsLabel(v.name, `${vp}.name`));
      if (volumes.has(v.name)) out.push(cause.duplicate(`${vp}.name`, v.name));
      volumes.add(v.name);
    }
    const sources = VOLUME_SOURCES.filter((k) => v[k] !== undefined);
    if (sources.length > 1) out.push(cause.forbidden(`${vp}.${sources[1]}`, `may not specify more than 1 volume type`));
    if (v.hostPath && !v.hostPath.path) out.push(cause.required(`${vp}.hostPath.path`));
    if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName) out.push(cause.required(`${vp}.persistentVolumeClaim.claimName`));
  });
  const claims = new Set<string>();
  (spec.resourceClaims ?? []).forEach((c, i) => {
    const cp = `${path}.resourceClaims[${i}]`;
    if (!c.name) out.push(cause.required(`${cp}.name`));
    else {
      out.push(...dnsLabel(c.name, `${cp}.name`));
      if (claims.has(c.name)) out.push(cause.duplicate(`${cp}.name`, c.name));
      claims.add(c.name);
    }
    const set = [c.resourceClaimName, c.resourceClaimTemplateName].filter((x) => x !== undefined && x !== '');
    if (set.length === 0) out.push(cause.invalid(cp, c, 'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`'));
    if (set.length > 1) out.push(cause.invalid(cp, c, 'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified'));
    for (const n of set) out.push(...validateDNS1123Subdomain(n!, `${cp}.${n === c.resourceClaimName ? 'resourceClaimName' : 'resourceClaimTemplateName'}`));
  });
  const ctx = { volumes, claims, names: new Set<string>() };
  if (!spec.containers || spec.containers.length === 0) out.push(cause.required(`${path}.containers`));
  out.push(...validateContainers(spec.initContainers, `${path}.initContainers`, ctx));
  out.push(...validateContainers(spec.containers, `${path}.containers`, ctx));
  out.push(...nonNegative(spec.terminationGracePeriodSeconds, `${path}.terminationGracePeriodSeconds`));
  out.push(...positive(spec.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`));
  if (spec.nodeName) out.push(...validateDNS1123Subdomain(spec.nodeName, `${path}.nodeName`));
  if (spec.hostname) out.push(...dnsLabel(spec.hostname, `${path}.hostname`));
  if (spec.subdomain) out.push(...dnsLabel(spec.subdomain, `${path}.subdomain`));
  for (const [k] of Object.entries(spec.nodeSelector ?? {})) out.push(...validateQualifiedName(k, `${path}.nodeSelector`));
  (spec.tolerations ?? []).forEach((t, i) => {
    const tp = `${path}.tolerations[${i}]`;
    if (t.key) out.push(...validateQualifiedName(t.key, `${tp}.key`));
    if (!t.key && t.operator !== 'Exists') out.push(cause.invalid(`${tp}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t.operator === 'Exists' && t.value) out.push(cause.invalid(`${tp}.operator`, t.value, 'value must be empty when `operator` is \'Exists\''));
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') out.push(cause.invalid(`${tp}.effect`, t.effect ?? '', 'effect must be \'NoExecute\' when `tolerationSeconds` is set'));
  });
  out.push(...uniqueBy(spec.schedulingGates, (g) => g.name, `${path}.schedulingGates`, 'name'));
  (spec.schedulingGates ?? []).forEach((g, i) => out.push(...validateQualifiedName(g.name, `${path}.schedulingGates[${i}].name`)));
  (spec.topologySpreadConstraints ?? []).forEach((c, i) => {
    if (c.maxSkew <= 0) out.push(cause.invalid(`${path}.topologySpreadConstraints[${i}].maxSkew`, c.maxSkew, 'must be greater than zero'));
    if (!c.topologyKey) out.push(cause.required(`${path}.topologySpreadConstraints[${i}].topologyKey`, 'can not be empty'));
  });
  if (spec.schedulingGroup && !spec.schedulingGroup.podGroupName) out.push(cause.required(`${path}.schedulingGroup.podGroupName`));
  else if (spec.schedulingGroup) out.push(...validateDNS1123Subdomain(spec.schedulingGroup.podGroupName, `${path}.schedulingGroup.podGroupName`));
  return out;
}
