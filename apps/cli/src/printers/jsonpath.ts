/**
 * `-o jsonpath=…`, `-o jsonpath-file=…`, `-o jsonpath-as-json=…`: kubectl's JSONPathPrinter.
 * The object given to the template is the object as JSON (a List for several); a failing
 * template is reported with kubectl's debugging text, template and object included.
 */
import { CliError } from '../errors.ts';
import { goSharpV } from '../jsonpath/go-values.ts';
import { JsonPathSyntaxError, JsonPathTemplate } from '../jsonpath/template.ts';

export class JsonPathPrinter {
  readonly #template: JsonPathTemplate;
  readonly #asJson: boolean;

  /** Parses now, so a bad template fails before anything is fetched (kubectl's wording). */
  constructor(template: string, o: { asJson?: boolean; allowMissingKeys?: boolean } = {}) {
    try {
      this.#template = new JsonPathTemplate(template, o.allowMissingKeys === undefined ? {} : { allowMissingKeys: o.allowMissingKeys });
    } catch (e) {
      if (e instanceof JsonPathSyntaxError) throw new CliError(`error: error parsing jsonpath ${template}, ${e.message}`);
      throw e;
    }
    this.#asJson = Boolean(o.asJson);
  }

  print(obj: unknown): string {
    try {
      return this.#template.execute(obj, { asJson: this.#asJson });
    } catch (e) {
      const raw = this.#template.raw;
      const detail =
        `Error executing template: ${(e as Error).message}. Printing more information for debugging the template:\n` +
        `\ttemplate was:\n\t\t${raw}\n` +
        `\tobject given to jsonpath engine was:\n\t\t${goSharpV(obj)}\n\n`;
      throw new CliError(`error: error executing jsonpath ${JSON.stringify(raw)}: ${detail}`);
    }
  }
}
