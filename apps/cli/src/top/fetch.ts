/**
 * The metrics.k8s.io reads behind `skiff top`, as kubectl's: one get when a name is given,
 * else one list with the selectors. An api-server that does not serve the group answers the
 * generic 404, which kubectl (checking discovery first) reports as `Metrics API not available`.
 */
import type { NodeMetrics, PodMetrics } from '@skiff/api';
import { ApiError, type RestClient } from '@skiff/client';
import { CliError } from '../errors.ts';
import { NODE_METRICS, POD_METRICS } from './refs.ts';

function notServed(e: unknown): boolean {
  return e instanceof ApiError && e.code === 404 && !e.status.details?.name;
}

async function orNotAvailable<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (notServed(e)) throw new CliError('error: Metrics API not available');
    throw e;
  }
}

export async function fetchNodeMetrics(client: RestClient, name: string | undefined, labelSelector: string | undefined): Promise<NodeMetrics[]> {
  if (name) return [await orNotAvailable(client.get<NodeMetrics>(NODE_METRICS, name))];
  return (await orNotAvailable(client.list<NodeMetrics>(NODE_METRICS, { labelSelector }))).items;
}

export async function fetchPodMetrics(client: RestClient, o: { namespace: string | undefined; name: string | undefined; labelSelector: string | undefined; fieldSelector: string | undefined }): Promise<PodMetrics[]> {
  if (o.name) return [await orNotAvailable(client.get<PodMetrics>(POD_METRICS, o.name, { namespace: o.namespace }))];
  return (await orNotAvailable(client.list<PodMetrics>(POD_METRICS, { namespace: o.namespace, labelSelector: o.labelSelector, fieldSelector: o.fieldSelector }))).items;
}
