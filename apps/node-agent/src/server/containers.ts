/**
 * Finds the Docker container behind a kubelet URL (namespace, pod, container) by the
 * labels the pod runner puts on it. A pod deleted and created again under the same name
 * has a new uid: the newest uid wins. `previous` follows the kubelet's lastState rule: the
 * attempt before the running one, or the latest when it has exited (crash loop back-off).
 */
import { attemptOf, LABEL_CONTAINER_NAME, LABEL_NODE, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID, isSandbox } from '../runtime/labels.ts';
import type { ContainerInfo, ContainerRuntime } from '../runtime/runtime.ts';
import { AgentError } from './errors.ts';

export interface ContainerRef {
  namespace: string;
  pod: string;
  container: string;
}

export async function findContainer(runtime: ContainerRuntime, nodeName: string, ref: ContainerRef, previous = false): Promise<ContainerInfo> {
  const all = await runtime.listContainers({ [LABEL_NODE]: nodeName, [LABEL_POD_NAMESPACE]: ref.namespace, [LABEL_POD_NAME]: ref.pod });
  if (all.length === 0) throw new AgentError(404, 'NotFound', `pod "${ref.pod}" in namespace "${ref.namespace}" is not running on this node`);
  const newestUid = [...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!.labels[LABEL_POD_UID];
  const attempts = all
    .filter((c) => !isSandbox(c) && c.labels[LABEL_POD_UID] === newestUid && c.labels[LABEL_CONTAINER_NAME] === ref.container)
    .sort((a, b) => attemptOf(b) - attemptOf(a));
  const [latest, before] = attempts;
  if (!latest) throw new AgentError(400, 'BadRequest', `container "${ref.container}" in pod "${ref.pod}" is waiting to start: ContainerCreating`);
  if (!previous) return latest;
  const prev = latest.state === 'exited' ? latest : before;
  if (!prev) throw new AgentError(400, 'BadRequest', `previous terminated container "${ref.container}" in pod "${ref.pod}" not found`);
  return prev;
}
