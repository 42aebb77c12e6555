/** Formatting of `Module.summary()` as a plain-text table. */

/** One module row of the summary. */
export interface SummaryRow {
  readonly name: string;
  readonly type: string;
  readonly parameters: readonly { readonly name: string; readonly shape: readonly number[] }[];
}

/** Render one line per parameter (modules without parameters get one line) and a total. */
export function formatSummary(title: string, rows: readonly SummaryRow[], total: number): string {
  const header = ['Name', 'Module', 'Parameter', 'Shape', 'Count'];
  const body: string[][] = [];
  for (const r of rows) {
    if (r.parameters.length === 0) body.push([r.name, r.type, '-', '', '0']);
    r.parameters.forEach((p, j) => {
      const count = p.shape.reduce((a, b) => a * b, 1);
      body.push([j === 0 ? r.name : '', j === 0 ? r.type : '', p.name, `[${p.shape.join(',')}]`, count.toLocaleString('en-US')]);
    });
  }
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c === cells.length - 1 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ');
  const rule = '─'.repeat(line(header).length);
  return [title, rule, line(header), rule, ...body.map(line), rule, `Total parameters: ${total.toLocaleString('en-US')}`].join('\n');
}
