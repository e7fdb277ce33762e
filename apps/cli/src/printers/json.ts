/**
 * `-o json`: Go's json.MarshalIndent with four spaces, as kubectl's JSONPrinter. Go also
 * escapes <, > and & (HTML-safe encoding), so `<none>` reads `\u003cnone\u003e` in both.
 */
import { sortKeys } from './sort-keys.ts';

/** `sorted: false` keeps the caller's key order (Go structs, such as a kubeconfig, print in field order). */
export function printJson(obj: unknown, o: { sorted?: boolean } = {}): string {
  const text = JSON.stringify(o.sorted === false ? obj : sortKeys(obj), null, 4)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `${text}\n`;
}
