/**
 * Node registration, kubelet style: create the Node with labels and status; if it already
 * exists (agent restart, second registration after the API came back), merge our labels
 * into it and post our status. Other labels, taints and spec (cordon) are left alone.
 */
import type { Node } from '@skiff/api';
import { isAlreadyExists, type RestClient } from '@skiff/client';
import { NODES } from '../refs.ts';

export async function registerNode(client: RestClient, name: string, labels: Record<string, string>, status: NonNullable<Node['status']>, annotations: Record<string, string> = {}): Promise<Node> {
  const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name, labels, annotations }, spec: {}, status };
  try {
    return await client.create(NODES, node);
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
  await client.patch(NODES, name, 'merge', { metadata: { labels, annotations } });
  return client.patch<Node>(NODES, name, 'merge', { status }, { subresource: 'status' });
}
