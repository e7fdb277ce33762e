/**
 * A client whose creates of one event-loop turn go in one request to Skiff's batch endpoint
 * (`POST /apis/skiff.dev/v1/creates`, api-server routes/batch/creates.ts), everything else
 * unchanged. Each create still resolves with the stored object, or rejects with the ApiError
 * the single POST would have thrown. A ReplicaSet controller creating 256 pods at once (its
 * slow-start batch) pays one round trip instead of 256.
 *
 * Creates with options the batch does not carry (dry run, field manager, field validation) or
 * of a kind the ref does not name go the usual way.
 */
import type { KubeObject } from '@skiff/api';
import { ItemBatcher } from './item-batcher.ts';
import type { ResourceRef } from './paths.ts';
import type { RestClient } from './rest-client.ts';
import type { WriteOptions } from './options.ts';

export const BATCH_CREATES_PATH = '/apis/skiff.dev/v1/creates';

export type Creator = Pick<RestClient, 'create' | 'requestJson'>;

interface Item {
  ref: ResourceRef;
  obj: KubeObject;
  o: WriteOptions;
}

/** The same client with batched creates (a Proxy: every other member is the client's own). */
export function withBatchedCreates<C extends Creator>(client: C): C {
  const batcher = new ItemBatcher<Item>({
    post: client.requestJson.bind(client),
    path: BATCH_CREATES_PATH,
    kind: 'Create',
    encode: ({ ref, obj, o }) => {
      const namespace = obj.metadata.namespace ?? o.namespace;
      return { ...obj, apiVersion: ref.group ? `${ref.group}/${ref.version}` : ref.version, kind: ref.kind, metadata: { ...obj.metadata, ...(ref.namespaced && namespace ? { namespace } : {}) } };
    },
    single: ({ ref, obj, o }) => client.create(ref, obj, o),
  });
  const create = <T extends KubeObject>(ref: ResourceRef, obj: T, o: WriteOptions = {}): Promise<T> => {
    const plain = !o.dryRun && !o.fieldManager && !o.fieldValidation && !!ref.kind && (!ref.namespaced || !!(obj.metadata.namespace ?? o.namespace));
    return plain ? (batcher.submit({ ref, obj, o }) as Promise<T>) : client.create(ref, obj, o);
  };
  // Members run on the client itself (its private fields are not the proxy's).
  return new Proxy(client, {
    get: (target, prop) => {
      if (prop === 'create') return create;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
