/**
 * Per-verb options, named and shaped as the Kubernetes query parameters / DeleteOptions
 * they become (apimachinery meta/v1 ListOptions, CreateOptions, PatchOptions, DeleteOptions).
 */
import type { QueryValue } from './paths.ts';

export interface Scope {
  /** Required for namespaced resources except cluster-wide list/watch/deleteCollection. */
  namespace?: string | undefined;
  /** Cancels the request (and, for streams, the stream). */
  signal?: AbortSignal | undefined;
}

export interface ListOptions extends Scope {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  limit?: number | undefined;
  continue?: string | undefined;
  resourceVersion?: string | undefined;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact' | undefined;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions extends Scope {
  dryRun?: boolean | undefined;
  fieldManager?: string | undefined;
  fieldValidation?: FieldValidation | undefined;
}

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  /** Server-side apply only: take ownership of conflicting fields. */
  force?: boolean | undefined;
  /** e.g. 'status' or 'scale'. */
  subresource?: string | undefined;
}

export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

export interface DeleteOptions extends Scope {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' | undefined;
  gracePeriodSeconds?: number | undefined;
  preconditions?: Preconditions | undefined;
  dryRun?: boolean | undefined;
}

export const patchContentType: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export function listQuery(o: ListOptions): Record<string, QueryValue> {
  return {
    labelSelector: o.labelSelector || undefined,
    fieldSelector: o.fieldSelector || undefined,
    limit: o.limit,
    continue: o.continue || undefined,
    resourceVersion: o.resourceVersion,
    resourceVersionMatch: o.resourceVersionMatch,
  };
}

export function writeQuery(o: WriteOptions & { force?: boolean | undefined }): Record<string, QueryValue> {
  return {
    dryRun: o.dryRun ? 'All' : undefined,
    fieldManager: o.fieldManager,
    fieldValidation: o.fieldValidation,
    force: o.force,
  };
}

/** DeleteOptions travel in the body, like kubectl sends them (k8s-api.md 1.3). */
export function deleteBody(o: DeleteOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (o.propagationPolicy) body['propagationPolicy'] = o.propagationPolicy;
  if (o.gracePeriodSeconds !== undefined) body['gracePeriodSeconds'] = o.gracePeriodSeconds;
  if (o.preconditions) body['preconditions'] = o.preconditions;
  if (o.dryRun) body['dryRun'] = ['All'];
  return body;
}
