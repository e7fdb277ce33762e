/**
 * Splits a chunked watch body into lines. A chunk boundary can fall anywhere, inside an
 * event or inside a multi-byte UTF-8 character, so bytes are decoded in streaming mode and
 * the unterminated tail is carried into the next chunk.
 */
export class LineDecoder {
  readonly #decoder = new TextDecoder('utf-8', { fatal: false });
  #partial = '';

  /** Feed one chunk; returns the complete, non-blank lines it finished. */
  push(chunk: Uint8Array | string): string[] {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    const parts = (this.#partial + text).split('\n');
    this.#partial = parts.pop() ?? '';
    return parts.map((l) => l.trimEnd()).filter((l) => l.length > 0);
  }

  /** End of stream: the unterminated remainder, if any (a truncated event unless it parses). */
  flush(): string | undefined {
    const rest = (this.#partial + this.#decoder.decode()).trim();
    this.#partial = '';
    return rest || undefined;
  }
}
