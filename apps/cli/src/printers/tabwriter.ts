/**
 * Column alignment exactly as kubectl's (cli-runtime printers.GetNewTabWriter: liggitt/tabwriter
 * with minwidth 6, padding 3, pad char ' ', RememberWidths). Every cell but a line's last is
 * padded to its column's width; widths are remembered across flushes, which is why rows that
 * `get -w` prints later line up with the header, and grow (never shrink) when a wider cell comes.
 */
const MIN_WIDTH = 6;
const PADDING = 3;

function width(s: string): number {
  return [...s].length;
}

export class TabWriter {
  #lines: string[][] = [];
  #widths: number[] = [];
  readonly #out: (text: string) => void;

  constructor(out: (text: string) => void) {
    this.#out = out;
  }

  /** One line of cells (the last one is never padded). */
  row(cells: string[]): void {
    this.#lines.push(cells);
  }

  /** A line written as is, outside the columns (a blank separator line). */
  raw(text: string): void {
    this.flush();
    this.#out(text);
  }

  forgetWidths(): void {
    this.#widths = [];
  }

  flush(): void {
    if (!this.#lines.length) return;
    const cols = Math.max(...this.#lines.map((l) => l.length)) - 1;
    for (let c = 0; c < cols; c++) {
      let w = MIN_WIDTH;
      for (const l of this.#lines) if (c < l.length - 1) w = Math.max(w, width(l[c]!) + PADDING);
      this.#widths[c] = Math.max(this.#widths[c] ?? 0, w);
    }
    let text = '';
    for (const l of this.#lines) {
      l.forEach((cell, c) => {
        text += c < l.length - 1 ? cell + ' '.repeat(this.#widths[c]! - width(cell)) : cell;
      });
      text += '\n';
    }
    this.#lines = [];
    this.#out(text);
  }
}

/** Align a whole table at once. */
export function alignRows(rows: string[][]): string {
  let text = '';
  const tw = new TabWriter((t) => (text += t));
  for (const r of rows) tw.row(r);
  tw.flush();
  return text;
}
