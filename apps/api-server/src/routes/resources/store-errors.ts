/** StoreError codes → Kubernetes Status errors with the resource's names in the message. */
import { errors, StatusError, type ResourceType } from '@skiff/api';
import { StoreError } from '@skiff/storage';

export function mapStoreError(e: unknown, type: ResourceType, name: string): unknown {
  if (!(e instanceof StoreError)) return e;
  switch (e.code) {
    case 'NotFound':
      return errors.notFound(type.plural, type.group, name);
    case 'AlreadyExists':
      return errors.alreadyExists(type.plural, type.group, name);
    case 'Conflict':
      return errors.conflict(type.plural, type.group, name);
    case 'Expired':
      return errors.expired(e.message);
    case 'Closed':
      return new StatusError(503, 'ServiceUnavailable', 'the server is shutting down', { retryAfterSeconds: 1 });
  }
}

export async function storeCall<T>(type: ResourceType, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw mapStoreError(e, type, name);
  }
}
