/**
 * Why a placed pod is not running (or keeps restarting), from what the node agent reports the
 * way the kubelet does: container waiting reasons (ErrImagePull, ImagePullBackOff,
 * CrashLoopBackOff, CreateContainerError…), the last termination (exit code, OOMKilled), and
 * its Warning events (BackOff, Failed, GPULost…). The first container with a problem wins:
 * init containers run first, so theirs is the one blocking the pod.
 */
import type { Loose } from '../describe/format.ts';
import { since } from '../describe/format.ts';
import { verdict, type Verdict } from './verdict.ts';

const IMAGE = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);
const CONFIG = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'PreStartHookError', 'PostStartHookError']);

function statuses(pod: Loose): { s: Loose; spec: Loose }[] {
  const specs = new Map<string, Loose>([...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c: Loose) => [c.name, c]));
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].map((s: Loose) => ({ s, spec: specs.get(s.name) ?? {} }));
}

/** `exit code 2 (Error) 3m ago`, from the container's last termination. */
export function lastExit(s: Loose): string | undefined {
  const t = s.lastState?.terminated ?? s.state?.terminated;
  if (!t) return undefined;
  const when = t.finishedAt ? ` ${since(t.finishedAt)} ago` : '';
  return `exit code ${t.exitCode}${t.reason ? ` (${t.reason})` : ''}${when}`;
}

/** The newest Warning events not from the scheduler, as `Reason: message`. */
export function agentWarnings(events: Loose[], max = 2): string[] {
  return events
    .filter((e) => e.type === 'Warning' && e.source?.component !== 'default-scheduler')
    .slice(0, max)
    .map((e) => `event ${e.reason}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}: ${String(e.message ?? '').trim()}`);
}

export function containerVerdict(pod: Loose, events: Loose[]): Verdict | undefined {
  const podName = pod.metadata?.name;
  for (const { s, spec } of statuses(pod)) {
    const w = s.state?.waiting;
    if (!w) continue;
    if (IMAGE.has(w.reason)) {
      const never = w.reason === 'ErrImageNeverPull';
      return verdict('ImagePull', `container ${s.name} cannot get its image "${spec.image ?? s.image}" (${w.reason}).`, [w.message, ...agentWarnings(events, 1)].filter(Boolean), never ? 'the image is not on the node and imagePullPolicy is Never: load it on the node or change the policy.' : 'check the image name and tag, registry credentials (imagePullSecrets), and that the node can reach the registry.');
    }
    if (w.reason === 'CrashLoopBackOff') {
      const backoff = /back-off (\S+)/.exec(w.message ?? '')?.[1];
      const exit = lastExit(s);
      const details = [`restarted ${s.restartCount ?? 0} time(s)${exit ? `; last ${exit}` : ''}${backoff ? `; next try in up to ${backoff}` : ''}`, ...agentWarnings(events)];
      const oom = s.lastState?.terminated?.reason === 'OOMKilled';
      return verdict('CrashLoop', `container ${s.name} keeps crashing, so it is restarted with a growing back-off.`, details, oom ? 'it was killed for using too much memory: raise its memory limit.' : `read the last run's output: skiff logs ${podName} -c ${s.name} --previous`);
    }
    if (CONFIG.has(w.reason)) {
      return verdict('Failed', `container ${s.name} cannot be created (${w.reason}).`, [w.message, ...agentWarnings(events, 1)].filter(Boolean), 'fix what the message names (a missing ConfigMap/Secret key, a bad command).');
    }
  }
  return undefined;
}

/** A pod that runs but restarted: worth a line under "Running" (GPULost recreations show here). */
export function restartNote(pod: Loose, events: Loose[]): string[] {
  const restarted = statuses(pod).filter(({ s }) => (s.restartCount ?? 0) > 0);
  if (!restarted.length) return [];
  const lines = restarted.map(({ s }) => `container ${s.name} restarted ${s.restartCount} time(s)${lastExit(s) ? `; last ${lastExit(s)}` : ''}`);
  return [...lines, ...agentWarnings(events)];
}
