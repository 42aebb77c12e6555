/** Formatting of `Module.summary()` as a plain-text table. */

/** One module row of the summary. */
export interface SummaryRow {
  readonly name: string;
  readonly type: string;
  readonly parameters: readonly { readonly name: string; readonly shape: readonly number[] }[];
}

/** Render rows as an aligned table with a total line. */
export function formatSummary(title: string, rows: readonly SummaryRow[], total: number): string {
  const header = ['Name', 'Module', 'Parameters', 'Count'];
  const body = rows.map((r) => [
    r.name,
    r.type,
    r.parameters.map((p) => `${p.name} [${p.shape.join(',')}]`).join(', ') || '-',
    String(r.parameters.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0)),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c === cells.length - 1 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ');
  const rule = '─'.repeat(line(header).length);
  return [title, rule, line(header), rule, ...body.map(line), rule, `Total parameters: ${total.toLocaleString('en-US')}`].join('\n');
}
