/** Storage keys and messages for one request's target. */
import type { ResourceType } from '@skiff/api';
import { objectKey, prefixKey } from '@skiff/storage';

export function keyFor(type: ResourceType, namespace: string | undefined, name: string): string {
  return objectKey(type, namespace, name);
}

export function prefixFor(type: ResourceType, namespace: string | undefined): string {
  return prefixKey(type, namespace);
}
