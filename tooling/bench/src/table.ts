/** Plain-text tables with right-aligned numeric columns. */

/** Render rows under a header; the first `leftColumns` columns are left-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], leftColumns = 1): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A number with fixed decimals, or '—' when missing. */
export function fmt(value: number | null, decimals: number): string {
  return value === null || !Number.isFinite(value) ? '—' : value.toFixed(decimals);
}
