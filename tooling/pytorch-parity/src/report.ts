/** Checking an outcome against its tolerances, and the table of figures the suite prints. */
import { FLOAT64_TOLERANCE, worst, type CaseOutcome } from './parity.js';

/** Throws an Error listing every result of `outcome` beyond its tolerances (or its failure). */
export function assertParity(outcome: CaseOutcome): void {
  if (outcome.error) throw new Error(`${outcome.id}: ${outcome.error}`);
  const problems = [...outcome.unmatched.map((u) => `unmatched result ${u}`)];
  if (outcome.comparisons.length === 0) problems.push('nothing was compared');
  for (const c of outcome.comparisons) {
    if (!(c.f32 <= outcome.tolerance)) problems.push(`${c.name}: float32 differs from PyTorch float64 by ${c.f32.toExponential(2)} (tolerance ${outcome.tolerance})`);
    if (!(c.f64 <= FLOAT64_TOLERANCE)) problems.push(`${c.name}: float64 differs from PyTorch float64 by ${c.f64.toExponential(2)} (tolerance ${FLOAT64_TOLERANCE})`);
  }
  if (problems.length > 0) throw new Error(`${outcome.id} does not match PyTorch:\n  ${problems.join('\n  ')}`);
}

const fmt = (v: number | undefined): string => (v === undefined ? '—' : v === 0 ? '0' : v.toExponential(1));

/** A Markdown table: per case the largest relative difference of outputs, gradients and trained parameters. */
export function parityTable(outcomes: Iterable<CaseOutcome>): string {
  const rows = ['| case | forward | gradients | after steps | float64 cross-check |', '|---|---|---|---|---|'];
  for (const o of outcomes) {
    if (o.error) { rows.push(`| ${o.id} | error: ${o.error.replace(/\|/g, '/')} | | | |`); continue; }
    const fwd = worst(o, (n) => /^(out\d+|after\/)/.test(n));
    const grad = worst(o, (n) => n.startsWith('grad/'));
    const after = worst(o, (n) => n.startsWith('param/') || n === 'lrs');
    const f64 = worst(o, () => true);
    rows.push(`| ${o.id} | ${fmt(fwd?.f32)} | ${fmt(grad?.f32)} | ${fmt(after?.f32)} | ${fmt(f64?.f64)} |`);
  }
  return rows.join('\n');
}
