import type { MatrixRow } from './matrix.js';

/** Problems the page reported or printed; empty when every backend it could get ran correctly. */
export function pageProblems(row: MatrixRow): string[] {
  const page = row.page;
  if (page === undefined) return [];
  const problems = [...page.errors];
  const result = page.result;
  if (result === null) return problems;
  if (!result.crossOriginIsolated) problems.push('page is not cross-origin isolated');
  const reference = result.backends.find((b) => b.name === 'js')?.mnist?.logits;
  for (const run of result.backends) {
    if (run.status === 'failed') problems.push(`${run.name}: ${run.reason ?? 'failed'}`);
    if (run.status !== 'ok') continue;
    const rounded = run.xor?.prediction.map(Math.round).join('');
    if (rounded !== '0110' || !(Number(run.xor?.loss) < 0.05)) problems.push(`${run.name}: XOR not learned (${JSON.stringify(run.xor)})`);
    if (JSON.stringify(run.mnist?.shape) !== '[4,10]') problems.push(`${run.name}: LeNet output shape ${JSON.stringify(run.mnist?.shape)}`);
    const logits = run.mnist?.logits ?? [];
    const worst = Math.max(...logits.map((v, i) => Math.abs(v - (reference?.[i] ?? Number.NaN))));
    if (!(worst <= 1e-3)) problems.push(`${run.name}: LeNet logits differ from the js backend's by ${worst}`);
  }
  for (const name of ['js', 'wasm']) {
    if (result.backends.find((b) => b.name === name)?.status !== 'ok') problems.push(`${name} backend did not run`);
  }
  return problems;
}

/** "ok (js, wasm×2, webgpu)" or "FAILED: ..." for the Chromium column. */
function chromiumCell(row: MatrixRow): string {
  if (row.kind === 'node') return row.buildError === null ? 'n/a (runs in Node)' : '-';
  if (row.page === undefined) return row.buildError === null ? 'not run (no Chromium)' : '-';
  const problems = pageProblems(row);
  if (problems.length > 0) return `FAILED: ${problems.join('; ')}`;
  const ran = (row.page.result?.backends ?? []).filter((b) => b.status === 'ok').map((b) => (b.name === 'wasm' ? `wasm×${String(b.threads)} threads` : b.name));
  return `yes (${ran.join(', ')})`;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** The matrix as a Markdown table: bundler | builds | runs in Chromium | gzip bytes (webgpu path / wasm fallback). */
export function formatMatrix(rows: readonly MatrixRow[]): string {
  const lines = ['| bundler | builds | runs in Chromium | gzip bytes (webgpu path / wasm fallback) | time |', '|---|---|---|---|---|'];
  for (const row of rows) {
    const builds = row.buildError === null ? 'yes' : `NO: ${row.buildError.split('\n').slice(0, 3).join(' ')}`;
    const bytes = row.bytes === undefined ? '-' : `${row.bytes.webgpuPath} / ${row.bytes.wasmFallback} (${kb(row.bytes.webgpuPath)} / ${kb(row.bytes.wasmFallback)})`;
    lines.push(`| ${row.name} | ${builds} | ${chromiumCell(row)} | ${bytes} | ${row.seconds.toFixed(1)} s |`);
  }
  return lines.join('\n');
}
