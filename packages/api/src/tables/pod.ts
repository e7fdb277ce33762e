/**
 * Pod printer: printers.go `printPod`, including the whole STATUS reason walk (init
 * containers, waiting/terminated reasons, Completed-but-running, Terminating) and
 * RESTARTS with the time since the last restart.
 */
import type { KubeObject } from '../meta.ts';
import type { TableColumn } from '../resource-type.ts';
import { translateTimestampSince } from '../duration.ts';
import type { TableRowCondition } from './table.ts';
import { ageColumn, column, hasCondition, nameColumn, spec, status } from './common.ts';
import type { Loose } from './common.ts';

export const podColumns: TableColumn[] = [
  nameColumn(),
  column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  column('Status', 'string', 'The aggregate status of the containers in this pod.'),
  column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
  ageColumn(),
  column('IP', 'string', 'podIP address allocated to the pod.', 1),
  column('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
  column('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
  column('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
];

const isRestartableInit = (c: Loose | undefined) => c?.restartPolicy === 'Always';
const isTerminalPhase = (p: unknown) => p === 'Failed' || p === 'Succeeded';
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

/** Later of two RFC 3339 times ('' = zero time). */
function later(a: string, b: string | undefined): string {
  if (!b) return a;
  return !a || Date.parse(a) < Date.parse(b) ? b : a;
}

export function podRow(obj: KubeObject, now: number): unknown[] {
  const sp = spec(obj);
  const st = status(obj);
  const containers: Loose[] = sp.containers ?? [];
  const initSpecs: Loose[] = sp.initContainers ?? [];
  const conditions: Loose[] = st.conditions ?? [];
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = containers.length;
  let readyContainers = 0;
  let lastRestart = '';
  let lastRestartableInitRestart = '';

  let reason: string = st.phase ?? '';
  if (st.reason) reason = st.reason;
  for (const c of conditions) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initByName = new Map<string, Loose>();
  for (const c of initSpecs) {
    initByName.set(c.name, c);
    if (isRestartableInit(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses: Loose[] = st.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i] as Loose;
    const state: Loose = c.state ?? {};
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
    const restartable = isRestartableInit(initByName.get(c.name));
    if (restartable) {
      restartableInitRestarts += c.restartCount ?? 0;
      lastRestartableInitRestart = later(lastRestartableInitRestart, c.lastState?.terminated?.finishedAt);
    }
    if (state.terminated && (state.terminated.exitCode ?? 0) === 0) continue;
    if (restartable && c.started === true) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (state.terminated) {
      const t = state.terminated;
      if (!t.reason) reason = t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode ?? 0}`;
      else reason = `Init:${t.reason}`;
    } else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(conditions, 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses: Loose[] = st.containerStatuses ?? [];
    // Walk backwards so the first container's reason wins, as upstream.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i] as Loose;
      const state: Loose = c.state ?? {};
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated?.reason) reason = state.terminated.reason;
      else if (state.terminated) reason = state.terminated.signal ? `Signal:${state.terminated.signal}` : `ExitCode:${state.terminated.exitCode ?? 0}`;
      else if (c.ready && state.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A completed container next to a running one: the pod is still running.
    if (reason === 'Completed' && hasRunning) reason = hasCondition(conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  if (obj.metadata?.deletionTimestamp && st.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (obj.metadata?.deletionTimestamp && !isTerminalPhase(st.phase)) reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart) restartsStr = `${restarts} (${translateTimestampSince(lastRestart, now)} ago)`;

  const podIP: string = st.podIPs?.[0]?.ip ?? st.podIP ?? '';
  const gates: Loose[] = sp.readinessGates ?? [];
  let readinessGates = '<none>';
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const g of gates) {
      const c = conditions.find((x) => x.type === g.conditionType);
      if (c?.status === 'True') trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }
  return [
    obj.metadata?.name ?? '',
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsStr,
    translateTimestampSince(obj.metadata?.creationTimestamp, now),
    podIP || '<none>',
    sp.nodeName || '<none>',
    st.nominatedNodeName || '<none>',
    readinessGates,
  ];
}

/** Succeeded/Failed pods carry a Completed row condition (kubectl can hide them). */
export function podRowConditions(obj: KubeObject): TableRowCondition[] | undefined {
  const phase = status(obj).phase;
  if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
  if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  return undefined;
}
