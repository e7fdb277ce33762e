/** Markdown tables on stdout: every benchmark prints its results this way (docs/benchmarks.md copies them). */

export function markdownTable(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

export function printTable(title: string, headers: string[], rows: (string | number)[][], notes: string[] = []): void {
  process.stdout.write(`\n#### ${title}\n\n${markdownTable(headers, rows)}\n`);
  for (const n of notes) process.stdout.write(`\n${n}\n`);
}
