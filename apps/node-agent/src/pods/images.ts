/**
 * Image pulls as the kubelet does them (images/image_manager.go): policy Never /
 * IfNotPresent / Always, events Pulling/Pulled/Failed/BackOff with the kubelet's words,
 * and a per pod+image back-off: a failed pull reports ErrImagePull, later attempts inside
 * the back-off report ImagePullBackOff without pulling.
 */
import type { Container, Pod } from '@skiff/api';
import type { EventSink } from '../events/recorder.ts';
import type { ContainerRuntime, ImageInfo } from '../runtime/runtime.ts';
import type { BackoffTable } from './backoff.ts';

/** `image`: the engine's view of it, when it could be read (its ENTRYPOINT/CMD for netwire). */
export type PullResult = { ok: true; image?: ImageInfo | undefined } | { ok: false; reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName'; message: string };

export function pullPolicyOf(c: Container): 'Always' | 'IfNotPresent' | 'Never' {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const image = c.image ?? '';
  const tagged = /:[^/]+$/.test(image) || image.includes('@');
  return !tagged || image.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

export async function ensureImage(runtime: ContainerRuntime, backoff: BackoffTable, events: EventSink, pod: Pod, c: Container, now: () => number): Promise<PullResult> {
  const image = c.image ?? '';
  if (!image || /\s/.test(image)) {
    const message = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`;
    events.event(pod, 'Warning', 'InspectFailed', message);
    return { ok: false, reason: 'InvalidImageName', message };
  }
  const policy = pullPolicyOf(c);
  const present = await runtime.inspectImage(image).catch(() => undefined);
  if (present && policy !== 'Always') {
    events.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
    return { ok: true, image: present };
  }
  if (policy === 'Never') {
    const message = `Container image "${image}" is not present with pull policy of Never`;
    events.event(pod, 'Warning', 'ErrImageNeverPull', message);
    return { ok: false, reason: 'ErrImageNeverPull', message };
  }
  const key = `${pod.metadata.uid}_${image}`;
  if (backoff.isInBackOffSinceUpdate(key)) {
    const message = `Back-off pulling image "${image}"`;
    events.event(pod, 'Normal', 'BackOff', message);
    events.event(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff');
    return { ok: false, reason: 'ImagePullBackOff', message };
  }
  events.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
  const started = now();
  try {
    await runtime.pullImage(image);
  } catch (e) {
    const err = e instanceof Error ? e.message : String(e);
    events.event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${err}`);
    events.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
    backoff.next(key);
    return { ok: false, reason: 'ErrImagePull', message: `failed to pull and unpack image "${image}": ${err}` };
  }
  backoff.reset(key);
  const secs = ((now() - started) / 1000).toFixed(3);
  const pulled = await runtime.inspectImage(image).catch(() => undefined);
  events.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting). Image size: ${pulled?.sizeBytes ?? 0} bytes.`);
  return { ok: true, image: pulled };
}
