/** Container validation (validateContainers / validateInitContainers in core validation). */
import type { Container } from '../kinds/container.ts';
import type { StatusCause } from '../status.ts';
import { cause } from '../status.ts';
import { quantityError, compareQuantities } from '../quantity.ts';
import { dnsLabel, notFound, positive, nonNegative, validPort, validPortNumOrName, uniqueBy } from './common.ts';

type Probe = NonNullable<Container['livenessProbe']>;

export interface ContainerContext {
  volumes: Set<string>;
  claims: Set<string>;
  /** Container names already used in the pod (init and app containers share one namespace). */
  names: Set<string>;
}

export function validateContainers(list: Container[] | undefined, path: string, ctx: ContainerContext): StatusCause[] {
  const out: StatusCause[] = [];
  (list ?? []).forEach((c, i) => out.push(...validateContainer(c, `${path}[${i}]`, ctx)));
  return out;
}

function validateContainer(c: Container, path: string, ctx: ContainerContext): StatusCause[] {
  const out: StatusCause[] = [];
  if (!c.name) out.push(cause.required(`${path}.name`));
  else {
    out.push(...dnsLabel(c.name, `${path}.name`));
    if (ctx.names.has(c.name)) out.push(cause.duplicate(`${path}.name`, c.name));
    ctx.names.add(c.name);
  }
  if (!c.image) out.push(cause.required(`${path}.image`));
  (c.ports ?? []).forEach((p, j) => {
    const pp = `${path}.ports[${j}]`;
    if (p.containerPort === undefined) out.push(cause.required(`${pp}.containerPort`));
    else out.push(...validPort(p.containerPort, `${pp}.containerPort`));
    if (p.hostPort !== undefined && p.hostPort !== 0) out.push(...validPort(p.hostPort, `${pp}.hostPort`));
    if (p.name) out.push(...validPortNumOrName(p.name, `${pp}.name`));
  });
  (c.env ?? []).forEach((e, j) => {
    if (!e.name) out.push(cause.required(`${path}.env[${j}].name`));
    if (e.valueFrom) {
      const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => (e.valueFrom as Record<string, unknown>)[k] !== undefined);
      if (sources.length !== 1) out.push(cause.invalid(`${path}.env[${j}].valueFrom`, '', 'may not have more than one field specified at a time'));
      if (e.value) out.push(cause.invalid(`${path}.env[${j}].valueFrom`, '', 'may not be specified when `value` is not empty'));
    }
  });
  (c.volumeMounts ?? []).forEach((m, j) => {
    const mp = `${path}.volumeMounts[${j}]`;
    if (!m.name) out.push(cause.required(`${mp}.name`));
    else if (!ctx.volumes.has(m.name)) out.push(notFound(`${mp}.name`, m.name));
    if (!m.mountPath) out.push(cause.required(`${mp}.mountPath`));
  });
  out.push(...uniqueBy(c.volumeMounts, (m) => m.mountPath, `${path}.volumeMounts`, 'mountPath'));
  out.push(...validateResources(c, `${path}.resources`, ctx));
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const p = c[kind];
    if (p) out.push(...validateProbe(p, `${path}.${kind}`, kind !== 'readinessProbe'));
  }
  return out;
}

function validateResources(c: Container, path: string, ctx: ContainerContext): StatusCause[] {
  const out: StatusCause[] = [];
  const limits = c.resources?.limits ?? {};
  const requests = c.resources?.requests ?? {};
  for (const [kind, list] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, q] of Object.entries(list)) {
      const err = quantityError(String(q));
      if (err) out.push(cause.invalid(`${path}.${kind}[${name}]`, q, err));
      else if (compareQuantities(q, '0') < 0) out.push(cause.invalid(`${path}.${kind}[${name}]`, q, 'must be greater than or equal to 0'));
    }
  }
  for (const [name, req] of Object.entries(requests)) {
    const lim = limits[name];
    if (lim === undefined || quantityError(String(req)) || quantityError(String(lim))) continue;
    if (compareQuantities(req, lim) > 0) out.push(cause.invalid(`${path}.requests`, req, `must be less than or equal to ${name} limit of ${lim}`));
  }
  (c.resources?.claims ?? []).forEach((cl, i) => {
    if (!cl.name) out.push(cause.required(`${path}.claims[${i}].name`));
    else if (!ctx.claims.has(cl.name)) out.push(cause.notSupported(`${path}.claims[${i}]`, cl.name, [...ctx.claims]));
  });
  out.push(...uniqueBy(c.resources?.claims, (cl) => `${cl.name}/${cl.request ?? ''}`, `${path}.claims`, ''));
  return out;
}

function validateProbe(p: Probe, path: string, successMustBeOne: boolean): StatusCause[] {
  const out: StatusCause[] = [];
  const handlers = (['exec', 'httpGet', 'tcpSocket', 'grpc'] as const).filter((k) => p[k] !== undefined);
  if (handlers.length === 0) out.push(cause.required(path, 'must specify a handler type'));
  if (handlers.length > 1) out.push(cause.forbidden(`${path}.${handlers[1]}`, 'may not specify more than 1 handler type'));
  out.push(...nonNegative(p.initialDelaySeconds, `${path}.initialDelaySeconds`));
  out.push(...nonNegative(p.timeoutSeconds, `${path}.timeoutSeconds`));
  out.push(...nonNegative(p.periodSeconds, `${path}.periodSeconds`));
  out.push(...nonNegative(p.successThreshold, `${path}.successThreshold`));
  out.push(...nonNegative(p.failureThreshold, `${path}.failureThreshold`));
  out.push(...positive(p.terminationGracePeriodSeconds, `${path}.terminationGracePeriodSeconds`));
  if (successMustBeOne && p.successThreshold !== undefined && p.successThreshold !== 1) {
    out.push(cause.invalid(`${path}.successThreshold`, p.successThreshold, 'must be 1'));
  }
  if (p.httpGet) out.push(...validPortNumOrName(p.httpGet.port, `${path}.httpGet.port`));
  if (p.tcpSocket) out.push(...validPortNumOrName(p.tcpSocket.port, `${path}.tcpSocket.port`));
  if (p.exec && (p.exec.command ?? []).length === 0) out.push(cause.required(`${path}.exec.command`));
  return out;
}
