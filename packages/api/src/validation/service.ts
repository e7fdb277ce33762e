/** core/v1 Service validation (ValidateService / ValidateServiceUpdate). */
import type { Service } from '../kinds/service.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { validateDNS1123Subdomain } from '../names.ts';
import { validateObjectMeta } from './object-meta.ts';
import { dnsLabel, immutable, validPort, validPortNumOrName, uniqueBy } from './common.ts';

export function validateService(svc: Service, old?: Service): StatusCause[] {
  const out = validateObjectMeta(svc.metadata, { namespaced: true, name: 'dns1035' });
  const spec = svc.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  const ports = spec.ports ?? [];
  const headless = spec.clusterIP === 'None';
  if (type === 'ExternalName') {
    if (!spec.externalName) out.push(cause.required('spec.externalName'));
    else out.push(...validateDNS1123Subdomain(spec.externalName.replace(/\.$/, ''), 'spec.externalName'));
  } else if (ports.length === 0 && !headless) {
    out.push(cause.required('spec.ports'));
  }
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) out.push(cause.required(`${pp}.name`));
    if (p.name) out.push(...dnsLabel(p.name, `${pp}.name`));
    out.push(...validPort(p.port, `${pp}.port`));
    if (p.targetPort !== undefined) out.push(...validPortNumOrName(p.targetPort, `${pp}.targetPort`));
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      if (type !== 'NodePort' && type !== 'LoadBalancer') out.push(cause.forbidden(`${pp}.nodePort`, `may not be used when \`type\` is '${type}'`));
      else out.push(...validPort(p.nodePort, `${pp}.nodePort`));
    }
  });
  out.push(...uniqueBy(ports, (p) => p.name || undefined, 'spec.ports', 'name'));
  out.push(...uniqueBy(ports, (p) => `${p.port}/${p.protocol ?? 'TCP'}`, 'spec.ports', ''));
  if (spec.sessionAffinity === 'ClientIP' && headless) {
    out.push(cause.invalid('spec.sessionAffinity', spec.sessionAffinity, 'must be None when spec.clusterIP is None'));
  }
  if (spec.externalTrafficPolicy && type !== 'NodePort' && type !== 'LoadBalancer') {
    out.push(cause.invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  }
  // clusterIP is allocated once; an update may leave it out (the server keeps it) but not change it.
  const prevIP = old?.spec?.clusterIP;
  if (old && prevIP && spec.clusterIP !== undefined && spec.clusterIP !== '' && old.spec?.type !== 'ExternalName' && type !== 'ExternalName') {
    out.push(...immutable(spec.clusterIP, prevIP, 'spec.clusterIP'));
  }
  return out;
}
