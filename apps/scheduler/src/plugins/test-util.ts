/** Helpers for plugin tests: NodeInfos and PodInfos from fixtures. */
import type { Node, Pod } from '@skiff/api';
import { NodeInfo } from '../cache/node-info.ts';
import { newPodInfo, type PodInfo } from '../cache/pod-info.ts';

export function nodeInfo(node: Node, pods: Pod[] = []): NodeInfo {
  const n = new NodeInfo(node.metadata.name ?? '', node);
  for (const p of pods) n.addPod(newPodInfo(p));
  return n;
}

export const podInfo = (p: Pod): PodInfo => newPodInfo(p);
