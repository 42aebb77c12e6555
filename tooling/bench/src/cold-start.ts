/**
 * Cold start: the time from `node -e` starting to the first op result, per backend, for Nabla
 * (js, wasm, webgpu) and, where its packages are installed here, TensorFlow.js (cpu, wasm,
 * webgpu). Each run is a fresh Node process that imports the library from this package's
 * node_modules (the built dist/, as a user gets it), selects the backend, computes
 * `sum([1, 2, 3] + 1)` and reads the value. The child reports `performance.now()` at that
 * moment (milliseconds since its own process started) and the parent checks the value (9), so a
 * broken backend cannot report a fast start.
 *
 * Run: `tsx src/cold-start.ts [--runs=5] [--cwd=DIR]` in tooling/bench (after `pnpm build`; `--cwd`
 * resolves the packages from another project), or call `measureColdStarts()` from the bench's main.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fmt, renderTable } from './table.js';

const run = promisify(execFile);

/** One library/backend pair and the ES module source that brings it to its first result. */
export interface ColdStartCase {
  readonly library: 'nabla' | 'tfjs';
  readonly backend: string;
  /** Module source; must end by printing JSON `{ value, ms }` with `ms = performance.now()`. */
  readonly source: string;
}

/** What one case measured: the median and the range over runs, or why it could not run. */
export interface ColdStartResult {
  readonly library: string;
  readonly backend: string;
  readonly medianMs: number | null;
  readonly minMs: number | null;
  readonly maxMs: number | null;
  readonly error?: string;
}

const report = 'console.log(JSON.stringify({ value: Number(value), ms: performance.now() }));';

function nablaCase(backend: string, pkg: string): ColdStartCase {
  return {
    library: 'nabla',
    backend,
    source: [
      `import { setBackend, tensor } from '@nabla/tensor-core';`,
      `import '${pkg}';`,
      `await setBackend('${backend}');`,
      `const [value] = await tensor([1, 2, 3]).add(1).sum().data();`,
      report,
      'process.exit(0);',
    ].join('\n'),
  };
}

/** The same first op in TensorFlow.js; `setup` lines run before tfjs-core is imported. */
function tfjsCase(backend: string, pkg: string, setup: readonly string[] = []): ColdStartCase {
  return {
    library: 'tfjs',
    backend,
    source: [
      ...setup,
      `const tf = await import('@tensorflow/tfjs-core');`,
      `await import('${pkg}');`,
      `if (!(await tf.setBackend('${backend}'))) throw new Error('tfjs backend ${backend} did not initialise');`,
      `const [value] = await tf.sum(tf.add(tf.tensor([1, 2, 3]), 1)).data();`,
      report,
      'process.exit(0);',
    ].join('\n'),
  };
}

/** Node 20 has no navigator.gpu: TensorFlow.js's webgpu backend gets Dawn's, as a page would have it. */
const dawnGlobals = [
  `const { create, globals } = await import('webgpu');`,
  'Object.assign(globalThis, globals);',
  `Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true });`,
];

/** Nabla's three backends and TensorFlow.js's cpu, wasm and webgpu backends. */
export const COLD_START_CASES: readonly ColdStartCase[] = [
  nablaCase('js', '@nabla/backend-js'),
  nablaCase('wasm', '@nabla/backend-wasm'),
  nablaCase('webgpu', '@nabla/backend-webgpu'),
  tfjsCase('cpu', '@tensorflow/tfjs-backend-cpu'),
  tfjsCase('wasm', '@tensorflow/tfjs-backend-wasm'),
  tfjsCase('webgpu', '@tensorflow/tfjs-backend-webgpu', dawnGlobals),
];

const benchDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs one case once in a fresh `node --input-type=module -e` process; returns its milliseconds. */
async function runOnce(c: ColdStartCase, cwd: string): Promise<number> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', c.source], {
    cwd,
    env: { ...process.env, XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'] ?? '/tmp' },
    timeout: 60_000,
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  const { value, ms } = JSON.parse(line) as { value: number; ms: number };
  if (value !== 9) throw new Error(`${c.library}/${c.backend}: first result was ${value}, expected sum([2, 3, 4]) = 9`);
  return ms;
}

/**
 * Measures every case `runs` times (after one untimed run that warms the OS file cache), resolving
 * the packages from `cwd` (default: this bench package).
 */
export async function measureColdStarts(runs = 5, cases: readonly ColdStartCase[] = COLD_START_CASES, cwd = benchDir): Promise<ColdStartResult[]> {
  const results: ColdStartResult[] = [];
  for (const c of cases) {
    try {
      await runOnce(c, cwd);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await runOnce(c, cwd));
      times.sort((a, b) => a - b);
      results.push({ library: c.library, backend: c.backend, medianMs: times[Math.floor(times.length / 2)] ?? null, minMs: times[0] ?? null, maxMs: times[times.length - 1] ?? null });
    } catch (err) {
      const message = (err as { stderr?: string }).stderr?.trim().split('\n').find((l) => /Error/.test(l)) ?? String(err);
      results.push({ library: c.library, backend: c.backend, medianMs: null, minMs: null, maxMs: null, error: message.slice(0, 160) });
    }
  }
  return results;
}

/** The results as a table (library, backend, median, min, max in ms), then why any case did not run. */
export function renderColdStarts(results: readonly ColdStartResult[]): string {
  const table = renderTable(
    ['library', 'backend', 'median ms', 'min ms', 'max ms'],
    results.map((r) => [r.library, r.backend, fmt(r.medianMs, 0), fmt(r.minMs, 0), fmt(r.maxMs, 0)]),
    2,
  );
  const notes = results.filter((r) => r.error).map((r) => `  ${r.library}/${r.backend}: ${r.error}`);
  return notes.length > 0 ? [table, 'not measured:', ...notes].join('\n') : table;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const runsFlag = process.argv.find((a) => a.startsWith('--runs='));
  const runs = runsFlag ? Number(runsFlag.slice('--runs='.length)) : 5;
  const cwd = process.argv.find((a) => a.startsWith('--cwd='))?.slice('--cwd='.length) ?? benchDir;
  console.log(`Cold start: node -e start → first op result (median of ${runs} fresh processes)\n`);
  console.log(renderColdStarts(await measureColdStarts(runs, COLD_START_CASES, cwd)));
}
