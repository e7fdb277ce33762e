/**
 * ImageLocality: prefer nodes that already hold the pod's images (upstream's thresholds:
 * 23 MB counts as nothing, 1000 MB per container as everything). Optional: not every
 * simulated node reports images.
 */
import type { NodeInfo } from '../../cache/node-info.ts';
import type { PodInfo } from '../../cache/pod-info.ts';
import type { CycleState } from '../../framework/cycle-state.ts';
import type { ScorePlugin } from '../../framework/interface.ts';
import { MAX_NODE_SCORE } from '../../framework/interface.ts';
import { ImageLocality as NAME } from '../names.ts';

const MB = 1024 * 1024;
const MIN = 23 * MB;
const MAX_PER_CONTAINER = 1000 * MB;

/** Docker Hub short names as the node reports them (nginx → docker.io/library/nginx:latest). */
export function normalizeImage(image: string): string[] {
  const withTag = /:[^/]+$/.test(image) || image.includes('@') ? image : `${image}:latest`;
  const out = [image, withTag];
  if (!withTag.includes('/')) out.push(`docker.io/library/${withTag}`);
  else if (!withTag.split('/')[0]!.includes('.')) out.push(`docker.io/${withTag}`);
  return out;
}

export class ImageLocalityPlugin implements ScorePlugin {
  readonly name = NAME;
  score(_s: CycleState, pod: PodInfo, node: NodeInfo): number {
    if (node.images.size === 0) return 0;
    const containers = [...(pod.pod.spec?.initContainers ?? []), ...(pod.pod.spec?.containers ?? [])];
    let sum = 0;
    for (const c of containers) {
      if (!c.image) continue;
      for (const n of normalizeImage(c.image)) {
        const size = node.images.get(n);
        if (size !== undefined) {
          sum += size;
          break;
        }
      }
    }
    const max = MAX_PER_CONTAINER * Math.max(1, containers.length);
    const clamped = Math.min(Math.max(sum, MIN), max);
    return ((clamped - MIN) * MAX_NODE_SCORE) / (max - MIN);
  }
}
