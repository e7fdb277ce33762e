/**
 * `-o yaml` in the shape kubectl's YAMLPrinter (sigs.k8s.io/yaml over go-yaml v2) produces:
 * sorted keys, sequences not indented under their key, long scalars folded near 80 columns,
 * and go-yaml's quoting: a string YAML 1.1 would read as another type (`"2024-01-01T00:00:00Z"`,
 * `"yes"`, `"1"`, `""`) is double-quoted; one that merely cannot be plain (`'a: b'`) is single-quoted.
 */
import { isScalar, parse, Scalar, stringify, visit, Document } from 'yaml';
import { sortKeys } from './sort-keys.ts';

/**
 * go-yaml v2 resolves plain scalars with YAML 1.1 rules (yes/no/on/off, timestamps) plus Go's
 * number syntax (0o17, 0x1f): checking under both 1.1 and 1.2 covers the two.
 */
function readsAsOtherType(s: string): boolean {
  if (s === '' || /^(~|null|Null|NULL)$/.test(s)) return true;
  return (['1.1', '1.2'] as const).some((version) => {
    try {
      const v: unknown = parse(s, { version });
      return typeof v === 'number' || typeof v === 'boolean' || v instanceof Date;
    } catch {
      return false;
    }
  });
}

export function printYaml(obj: unknown): string {
  const doc = new Document(sortKeys(obj), { version: '1.1' });
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && !node.value.includes('\n') && readsAsOtherType(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return doc.toString({ indentSeq: false, singleQuote: true, lineWidth: 80 });
}

export { stringify };
