/**
 * Go's text/tabwriter as `kubectl describe` uses it (minwidth 0, tabwidth 8, padding 2,
 * pad ' ', no flags). Unlike printers/tabwriter.ts (get's one-table writer), alignment here
 * is per *block*: a column's width is shared only by consecutive lines that have a
 * tab-terminated cell in that column. That is why describe's "Volumes:" lines up with the
 * last container's "Mounts:" but not with "Labels:" above a line without tabs.
 */
const PADDING = 2;

const width = (s: string): number => [...s].length;

export function goTabwrite(text: string): string {
  const lines = text.split('\n');
  const trailingNewline = lines.at(-1) === '';
  if (trailingNewline) lines.pop();
  const cells = lines.map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];
  const write = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const line = cells[i]!;
      let s = '';
      line.forEach((c, j) => {
        s += c;
        if (j < widths.length && j < line.length - 1) s += ' '.repeat(Math.max(0, widths[j]! - width(c)));
      });
      out.push(s);
    }
  };
  // Go's format(): find the next line with a cell in `column`, size the block of consecutive
  // such lines, recurse one column deeper inside it.
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let printed = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= cells[i]!.length - 1) continue;
      write(printed, i);
      let w = 0;
      let end = i;
      for (; end < line1 && column < cells[end]!.length - 1; end++) w = Math.max(w, width(cells[end]![column]!) + PADDING);
      widths.push(w);
      format(i, end);
      widths.pop();
      printed = end;
      i = end - 1;
    }
    write(printed, line1);
  };
  format(0, cells.length);
  return out.join('\n') + (trailingNewline ? '\n' : '');
}

/** kubectl's PrefixWriter: each level indents two spaces; text keeps its tabs for goTabwrite. */
export class PrefixWriter {
  #buf = '';
  #flushed = '';

  write(level: number, text: string): void {
    this.#buf += '  '.repeat(level) + text;
  }

  line(level: number, text: string): void {
    this.write(level, `${text}\n`);
  }

  /** Ends the current tab blocks (kubectl flushes before the Events table). */
  flush(): void {
    this.#flushed += goTabwrite(this.#buf);
    this.#buf = '';
  }

  toString(): string {
    this.flush();
    return this.#flushed;
  }

  /** The text with its tabs kept (kubectl prints `rollout history --revision` untabbed). */
  untabbed(): string {
    return this.#flushed + this.#buf;
  }
}
