/**
 * A parsed kubectl JSONPath template and its printing (client-go JSONPath.Execute and
 * PrintResults): each block's values joined by one space, maps and lists as compact JSON,
 * everything else as fmt prints it. `asJson` is kubectl's -o jsonpath-as-json: each block as
 * an indented JSON array.
 */
import { findResults, type EvalOptions } from './evaluate.ts';
import { goJson, goSprint } from './go-values.ts';
import { parseTemplate, type ListNode } from './parser.ts';

export { JsonPathSyntaxError } from './parser.ts';

export class JsonPathTemplate {
  readonly raw: string;
  readonly #root: ListNode;
  readonly #opts: EvalOptions;

  /** Throws JsonPathSyntaxError with client-go's message for a malformed template. */
  constructor(raw: string, opts: Partial<EvalOptions> = {}) {
    this.raw = raw;
    this.#root = parseTemplate(raw);
    this.#opts = { allowMissingKeys: opts.allowMissingKeys ?? true };
  }

  /** The values of each block (custom-columns formats them itself). */
  findResults(data: unknown): unknown[][] {
    return findResults(this.#root.nodes, data, this.#opts);
  }

  execute(data: unknown, o: { asJson?: boolean } = {}): string {
    const blocks = this.findResults(data);
    if (o.asJson) return blocks.map((values) => `${goJson(values, '    ')}\n`).join('');
    return blocks
      .map((values) => values.map((v) => (typeof v === 'object' && v !== null ? goJson(v) : goSprint(v))).join(' '))
      .join('');
  }
}
