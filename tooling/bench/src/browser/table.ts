/** The browser section's table: throughput per workload and contender, then same-run ratios. */
import { ratioOf, WORKLOAD_UNITS } from '../pytorch/ratio-table.js';
import { fmt, renderTable } from '../table.js';
import { BROWSER_CONTENDERS, BROWSER_WORKLOADS } from './protocol.js';
import type { BrowserContenderName, BrowserResult, BrowserWorkload } from './protocol.js';

/** Ratio columns: Nabla contender / peer (a PyTorch figure when the peer is 'pytorch'). */
const RATIOS: readonly (readonly [BrowserContenderName, BrowserContenderName | 'pytorch'])[] = [
  ['nabla-wasm', 'tfjs-wasm'],
  ['nabla-webgpu', 'tfjs-webgpu'],
  ['nabla-wasm', 'pytorch'],
];

/**
 * One row per workload: each contender's throughput (in the workload's unit), PyTorch's (from
 * `torch`, null when not measured), and the ratios; then one line per result that has a note.
 */
export function renderBrowserTable(results: readonly BrowserResult[], torch: ReadonlyMap<BrowserWorkload, number | null>): string {
  const throughput = (workload: BrowserWorkload, contender: BrowserContenderName): number | null => {
    const r = results.find((x) => x.workload === workload && x.contender === contender);
    return r === undefined || r.ms === null ? null : WORKLOAD_UNITS[workload].perSecond(r.ms);
  };
  const rows = BROWSER_WORKLOADS.map((w) => {
    const peer = (name: BrowserContenderName | 'pytorch'): number | null => (name === 'pytorch' ? (torch.get(w) ?? null) : throughput(w, name));
    return [
      WORKLOAD_UNITS[w].label,
      WORKLOAD_UNITS[w].unit,
      ...BROWSER_CONTENDERS.map((c) => fmt(throughput(w, c), 1)),
      fmt(torch.get(w) ?? null, 1),
      ...RATIOS.map(([a, b]) => fmt(ratioOf(throughput(w, a), peer(b)), 2)),
    ];
  });
  const table = renderTable(['workload', 'unit', ...BROWSER_CONTENDERS, 'pytorch', ...RATIOS.map(([a, b]) => `${a}/${b}`)], rows, 2);
  const details = [...new Set(results.filter((r) => r.detail !== undefined).map((r) => `${r.contender}: ${r.detail}`))];
  const notes = results.filter((r) => r.note !== undefined).map((r) => `  not measured — ${r.contender} ${r.workload}: ${r.note}`);
  return [table, ...(details.length > 0 ? [`  ran as — ${details.join('; ')}`] : []), ...notes].join('\n');
}
