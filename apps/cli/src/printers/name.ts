/** `-o name`: `pod/web-1`, `deployment.apps/demo` (kubectl's NamePrinter). */
import type { KubeObject } from '@skiff/api';

export function nameLine(kindPrefix: string, obj: Pick<KubeObject, 'metadata'>): string {
  return `${kindPrefix}/${obj.metadata.name ?? ''}\n`;
}
