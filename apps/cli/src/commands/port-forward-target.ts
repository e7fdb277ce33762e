/**
 * Which pod `port-forward TYPE/NAME` reaches, and which of its ports, as kubectl decides
 * (kubectl pkg/cmd/portforward, polymorphichelpers.AttachablePodForObjectFn, util's port
 * lookups): a pod is itself; a workload or Service picks the most active pod its selector
 * matches, without a notice. Named remote ports become the container's port number; for a
 * Service, REMOTE is a service port (number or name) and becomes its targetPort, a local port
 * left out staying the service port.
 */
import { formatLabelSelector, type KubeObject } from '@skiff/api';
import type { CommandContext } from '../context.ts';
import type { Loose } from '../describe/format.ts';
import { CliError } from '../errors.ts';
import { resolveResource } from '../resource-names.ts';
import { POD_REF } from './pod-target.ts';
import { splitPort } from './port-forward-args.ts';

const isNumber = (s: string): boolean => /^[+-]?\d+$/.test(s);

function containerPortByName(pod: Loose, name: string): number {
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
  throw new CliError(`error: Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

/** kubectl's convertPodNamedPortToNumber. */
export function podPortsToNumbers(specs: string[], pod: Loose): string[] {
  return specs.map((spec) => {
    const [local, remote] = splitPort(spec);
    const container = isNumber(remote) ? remote : String(containerPortByName(pod, remote));
    return local !== remote ? `${local}:${container}` : container;
  });
}

/** kubectl's translateServicePortToTargetPort. */
export function servicePortsToTargets(specs: string[], svc: Loose, pod: Loose): string[] {
  const svcName = svc.metadata.name;
  return specs.map((spec) => {
    let [local, remote] = splitPort(spec);
    let port = Number(remote);
    if (!isNumber(remote)) {
      const named = (svc.spec?.ports ?? []).find((p: Loose) => p.name === remote);
      if (!named) throw new CliError(`error: Service '${svcName}' does not have a named port '${remote}'`);
      port = named.port;
      if (local === remote) local = String(port);
    }
    const sp = (svc.spec?.ports ?? []).find((p: Loose) => p.port === port);
    if (!sp) throw new CliError(`error: Service ${svcName} does not have a service port ${port}`);
    const target = sp.targetPort === undefined || sp.targetPort === 0 || sp.targetPort === '' ? sp.port : typeof sp.targetPort === 'number' || isNumber(sp.targetPort) ? Number(sp.targetPort) : containerPortByName(pod, sp.targetPort);
    remote = String(target);
    return local !== remote ? `${local}:${remote}` : remote;
  });
}

/** The reverse of kubectl's ActivePods order: bound before unbound, Running before the rest, ready before not. */
function activity(p: Loose): number {
  const ready = (p.status?.conditions ?? []).some((c: Loose) => c.type === 'Ready' && c.status === 'True');
  const phase = ({ Running: 3, Unknown: 2, Pending: 1 } as Record<string, number>)[p.status?.phase ?? ''] ?? 0;
  return (p.spec?.nodeName ? 100 : 0) + phase * 10 + (ready ? 1 : 0);
}

export async function forwardTarget(ctx: CommandContext, arg: string, specs: string[]): Promise<{ pod: Loose; ports: string[] }> {
  const conn = ctx.connection();
  const ns = conn.namespace;
  const slash = arg.indexOf('/');
  const type = slash < 0 ? undefined : resolveResource(await ctx.discovery().all(), arg.slice(0, slash));
  const name = slash < 0 ? arg : arg.slice(slash + 1);
  if (!type || type.kind === 'Pod') {
    const pod = await conn.client.get<Loose>(POD_REF, name, { namespace: ns });
    return { pod, ports: podPortsToNumbers(specs, pod) };
  }
  const owner = await conn.client.get<Loose>(type, name, { namespace: ns });
  const selector = owner.spec?.selector;
  if (!selector || !Object.keys(selector).length) {
    throw new CliError(type.kind === 'Service' ? `error: invalid service '${name}': Service is defined without a selector` : `error: cannot attach to *v1.${type.kind}: selector for *v1.${type.kind} not implemented`);
  }
  const labelSelector = formatLabelSelector(type.kind === 'Service' ? { matchLabels: selector } : selector);
  const pods = (await conn.client.list<KubeObject>(POD_REF, { namespace: ns, labelSelector })).items as Loose[];
  const pod = [...pods].sort((a, b) => activity(b) - activity(a))[0];
  if (!pod) throw new CliError(`error: no pods found for ${type.singular}/${name}`);
  return { pod, ports: type.kind === 'Service' ? servicePortsToTargets(specs, owner, pod) : podPortsToNumbers(specs, pod) };
}
