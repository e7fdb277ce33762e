/**
 * Pod status exactly as the kubelet computes it (kubelet_pods.go generateAPIPodStatus,
 * convertToAPIContainerStatuses, getPhase), from what the runtime shows (containers by
 * attempt) plus the agent's reason cache (why a container is waiting) and probe results.
 * Init containers (regular and sidecars) get initContainerStatuses in spec order, the
 * Initialized condition and their part of the phase (getPhase, GeneratePodInitializedCondition);
 * kubectl derives `Init:1/2`, `Init:CrashLoopBackOff`, `PodInitializing` from exactly these.
 * Pure: no I/O.
 */
import type { Container, ContainerStatus, Pod, PodCondition } from '@skiff/api';
import { computeQOSClass, nowRfc3339 } from '@skiff/api';
import { attemptOf, containerNameOf, isSandbox } from '../runtime/labels.ts';
import type { ContainerInfo } from '../runtime/runtime.ts';
import { ownAddress } from './pod-network.ts';

type PodStatus = NonNullable<Pod['status']>;
type State = NonNullable<ContainerStatus['state']>;

export interface Waiting {
  reason: string;
  message?: string | undefined;
}

export interface StatusInput {
  pod: Pod;
  containers: ContainerInfo[];
  /** Reason cache: why a container is waiting (ErrImagePull, CrashLoopBackOff…). */
  waiting: Map<string, Waiting>;
  ready(containerId: string): boolean;
  started(containerId: string): boolean;
  hostIP: string;
  now: number;
  /** Being deleted, or Never/OnFailure and done: containers are not restarted any more. */
  terminal?: boolean;
}

export function restartPolicyOf(pod: Pod): 'Always' | 'OnFailure' | 'Never' {
  return pod.spec?.restartPolicy ?? 'Always';
}

/** An app container, a regular init container, or an init container with restartPolicy Always. */
export type Role = 'app' | 'init' | 'sidecar';
export const isSidecar = (c: Container): boolean => c.restartPolicy === 'Always';
export const roleOf = (c: Container, init: boolean): Role => (!init ? 'app' : isSidecar(c) ? 'sidecar' : 'init');

/**
 * Would the kubelet start this exited container again? A sidecar always; a regular init
 * container only after a failure and unless the pod's policy is Never (it never runs twice
 * once it succeeded); an app container by the pod's restartPolicy.
 */
export function shouldRestart(pod: Pod, c: ContainerInfo | undefined, role: Role = 'app'): boolean {
  if (!c || c.state === 'running' || c.state === 'created') return c?.state !== 'running';
  if (role === 'sidecar') return true;
  const policy = restartPolicyOf(pod);
  if (role === 'init') return c.exitCode !== 0 && policy !== 'Never';
  return policy === 'Always' || (policy === 'OnFailure' && c.exitCode !== 0);
}

export function terminatedState(c: ContainerInfo): State {
  const reason = c.oomKilled ? 'OOMKilled' : c.error ? 'ContainerCannotRun' : c.exitCode === 0 ? 'Completed' : 'Error';
  const t: NonNullable<State['terminated']> = { exitCode: c.exitCode, reason, containerID: `docker://${c.id}` };
  if (c.error) t.message = c.error;
  if (c.startedAt) t.startedAt = rfc(c.startedAt);
  if (c.finishedAt) t.finishedAt = rfc(c.finishedAt);
  return { terminated: t };
}

const rfc = (t: string): string => nowRfc3339(Date.parse(t));

/** Containers of one spec container, newest attempt first. */
export function attemptsOf(containers: ContainerInfo[], name: string): ContainerInfo[] {
  return containers.filter((c) => !isSandbox(c) && containerNameOf(c) === name).sort((a, b) => attemptOf(b) - attemptOf(a));
}

export function latestSandbox(containers: ContainerInfo[]): ContainerInfo | undefined {
  return containers.filter(isSandbox).sort((a, b) => attemptOf(b) - attemptOf(a))[0];
}

function containerStatus(i: StatusInput, spec: Container, role: Role, old: ContainerStatus | undefined): ContainerStatus {
  const name = spec.name;
  const image = spec.image ?? '';
  const [latest, previous] = attemptsOf(i.containers, name);
  const cached = i.waiting.get(name);
  if (!latest) {
    // A pod with init containers reports PodInitializing, not ContainerCreating, for every container not created yet.
    const waiting = cached ?? { reason: i.pod.spec?.initContainers?.length ? 'PodInitializing' : 'ContainerCreating' };
    return { name, state: { waiting: { ...waiting } }, lastState: old?.lastState ?? {}, ready: false, restartCount: old?.restartCount ?? 0, image, imageID: '', started: false };
  }
  const s: ContainerStatus = { name, state: {}, lastState: {}, ready: false, restartCount: attemptOf(latest), image, imageID: `docker://${latest.imageId}`, containerID: `docker://${latest.id}`, started: false };
  if (latest.state === 'running') {
    s.state = { running: { startedAt: rfc(latest.startedAt ?? latest.createdAt) } };
    // A running regular init container is not ready: it is ready once it exited 0 (prober UpdatePodStatus).
    s.ready = role !== 'init' && i.ready(latest.id);
    s.started = i.started(latest.id);
    if (previous && previous.state === 'exited') s.lastState = terminatedState(previous);
  } else if (latest.state === 'exited') {
    s.state = terminatedState(latest);
    if (role === 'init' && latest.exitCode === 0) s.ready = true;
    if (previous && previous.state === 'exited') s.lastState = terminatedState(previous);
    if (!i.terminal && shouldRestart(i.pod, latest, role) && cached) {
      s.lastState = s.state;
      s.state = { waiting: { ...cached } };
    }
  } else {
    s.state = { waiting: { reason: cached?.reason ?? 'ContainerCreating', ...(cached?.message ? { message: cached.message } : {}) } };
  }
  return s;
}

/** kubecontainer.HasAnyRegularContainerStarted: an app container runs or ran. */
const anyAppStarted = (statuses: ContainerStatus[]): boolean => statuses.some((s) => !!s.state?.running || !!s.state?.terminated);

/** kubelet getPhase: `statuses` are the app containers', `inits` the init containers'. */
export function podPhase(pod: Pod, statuses: ContainerStatus[], terminal: boolean, inits: ContainerStatus[] = []): NonNullable<PodStatus['phase']> {
  let pendingInit = 0, failedInit = 0, waiting = 0, running = 0, stopped = 0, succeeded = 0;
  for (const c of pod.spec?.initContainers ?? []) {
    const s = inits.find((x) => x.name === c.name);
    if (isSidecar(c)) {
      // A sidecar that stopped does not count for the phase; one that runs does.
      if (s?.state?.running) {
        if (!s.started) pendingInit++;
        running++;
      } else if (!s?.state?.terminated && !s?.lastState?.terminated) {
        pendingInit++;
        waiting++;
      }
      continue;
    }
    const t = s?.state?.terminated ?? (s?.state?.waiting ? s.lastState?.terminated : undefined);
    if (t) {
      if (t.exitCode !== 0) failedInit++;
    } else pendingInit++;
  }
  for (const s of statuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  const policy = restartPolicyOf(pod);
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  if (((pendingInit > 0 && !anyAppStarted(statuses)) || waiting > 0) && !terminal) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0 && waiting === 0) {
    if (terminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    return policy === 'Never' ? 'Failed' : 'Running';
  }
  return terminal ? 'Failed' : 'Pending';
}

/** GeneratePodInitializedCondition: a regular init container is done when ready (exited 0), a sidecar when started. */
function initialized(pod: Pod, inits: ContainerStatus[], apps: ContainerStatus[], phase: string): { ok: boolean; reason?: string; message?: string } {
  if (phase === 'Succeeded') return { ok: true, reason: 'PodCompleted' };
  if (anyAppStarted(apps)) return { ok: true };
  const incomplete = (pod.spec?.initContainers ?? []).filter((c) => {
    const s = inits.find((x) => x.name === c.name);
    return isSidecar(c) ? !s?.started : !s?.ready;
  });
  if (!incomplete.length) return { ok: true };
  return { ok: false, reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incomplete.map((c) => c.name).join(' ')}]` };
}

function condition(type: string, ok: boolean, old: PodCondition[] | undefined, now: string, reason?: string, message?: string): PodCondition {
  const prev = old?.find((c) => c.type === type);
  const status = ok ? 'True' : 'False';
  const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: prev && prev.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : now };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  if (ok && reason === 'PodCompleted') c.reason = reason;
  return c;
}

export function computePodStatus(i: StatusInput): PodStatus {
  const pod = i.pod;
  const old = pod.status;
  const now = nowRfc3339(i.now);
  const initSpecs = pod.spec?.initContainers ?? [];
  const inits = initSpecs.map((c) => containerStatus(i, c, roleOf(c, true), old?.initContainerStatuses?.find((s) => s.name === c.name)));
  // The kubelet sorts app container statuses by name; init container statuses stay in spec order.
  const statuses = (pod.spec?.containers ?? []).map((c) => containerStatus(i, c, 'app', old?.containerStatuses?.find((s) => s.name === c.name))).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const phase = podPhase(pod, statuses, i.terminal ?? false, inits);
  const sandbox = latestSandbox(i.containers);
  // A one-container pod without a sandbox holds its own fixed address (pod-network.ts).
  const own = sandbox ? undefined : ownAddress(i.containers);
  const networkUp = sandbox?.state === 'running' || !!own?.up;
  const podIP = sandbox?.state === 'running' ? (pod.spec?.hostNetwork ? i.hostIP : sandbox.ip) : own?.up ? own.ip : undefined;
  const done = phase === 'Succeeded' || phase === 'Failed';
  // Sidecars first, then app containers in spec order (GenerateContainersReadyCondition).
  const sidecarStatuses = initSpecs.filter(isSidecar).map((c) => inits.find((s) => s.name === c.name)!);
  const unready = [...sidecarStatuses, ...(pod.spec?.containers ?? []).map((c) => statuses.find((s) => s.name === c.name)!)].filter((s) => !s.ready).map((s) => s.name);
  const init = initialized(pod, inits, statuses, phase);
  const gates = (pod.spec?.readinessGates ?? []).filter((g) => old?.conditions?.find((c) => c.type === g.conditionType)?.status !== 'True');
  const containersReady = unready.length === 0 && !done;
  const notReadyReason = phase === 'Failed' ? 'PodFailed' : done ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMsg = done ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const readyMsg = !containersReady ? notReadyMsg : gates.length ? `the status of pod readiness gate "${gates[0]!.conditionType}" is not "True", but False` : undefined;
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', networkUp && !!podIP, old?.conditions, now),
    condition('Initialized', init.ok, old?.conditions, now, init.reason, init.message),
    condition('Ready', containersReady && gates.length === 0, old?.conditions, now, containersReady ? 'ReadinessGatesNotReady' : notReadyReason, readyMsg),
    condition('ContainersReady', containersReady, old?.conditions, now, notReadyReason, notReadyMsg),
    old?.conditions?.find((c) => c.type === 'PodScheduled') ?? condition('PodScheduled', true, undefined, now),
  ];
  // Keep conditions others own (DisruptionTarget, readiness gates).
  const ours = new Set(conditions.map((c) => c.type));
  for (const c of old?.conditions ?? []) if (!ours.has(c.type)) conditions.push(c);
  const status: PodStatus = {
    phase,
    conditions,
    hostIP: i.hostIP,
    hostIPs: [{ ip: i.hostIP }],
    startTime: old?.startTime ?? now,
    containerStatuses: statuses,
    ...(initSpecs.length ? { initContainerStatuses: inits } : {}),
    qosClass: computeQOSClass(pod.spec),
  };
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  } else if (done && old?.podIP) {
    // Terminal pods keep the IP they had, as the kubelet does.
    status.podIP = old.podIP;
    status.podIPs = old.podIPs ?? [{ ip: old.podIP }];
  }
  if (pod.metadata.generation !== undefined) status.observedGeneration = pod.metadata.generation;
  // Written by the resourceclaim controller and the scheduler, carried over as the kubelet does:
  // the status writer nulls every key missing here, and the agent reads both to find a
  // container's devices (gpu-devices.ts); the scheduler reads them to release the claims.
  if (old?.resourceClaimStatuses) status.resourceClaimStatuses = old.resourceClaimStatuses;
  if (old?.extendedResourceClaimStatus) status.extendedResourceClaimStatus = old.extendedResourceClaimStatus;
  // The scheduler's (preemption); the kubelet leaves it alone rather than clear it.
  if (old?.nominatedNodeName) status.nominatedNodeName = old.nominatedNodeName;
  return status;
}
