/**
 * kubectl explain wraps descriptions with go-wordwrap (through term.WordWrapWriter): greedy,
 * breaking only at spaces, a word longer than the limit stays whole on its own line, and
 * existing newlines start a new line. Ported rather than approximated so lines break at the
 * same words as kubectl's and the output compares byte for byte.
 */
export function wordWrap(s: string, limit: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let space = '';
  for (const ch of s) {
    if (ch === '\n') {
      // The pending word already fits (the word branch breaks before it could overflow).
      out += space + word + '\n';
      space = '';
      word = '';
      current = 0;
    } else if (/\s/.test(ch) && ch !== '\u00a0') {
      if (space.length === 0 || word.length > 0) {
        current += space.length + word.length;
        out += space + word;
        space = '';
        word = '';
      }
      space += ch;
    } else {
      word += ch;
      if (current + space.length + word.length > limit && word.length < limit) {
        out += '\n';
        current = 0;
        space = '';
      }
    }
  }
  if (word.length === 0) {
    if (current + space.length <= limit) out += space;
  } else {
    out += space + word;
  }
  return out;
}

/** sprig's indent: the pad before every line, empty ones included. */
export function indent(n: number, s: string): string {
  const pad = ' '.repeat(n);
  return pad + s.replaceAll('\n', `\n${pad}`);
}
