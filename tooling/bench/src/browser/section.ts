/**
 * The `browser` section: the page of ./page.ts in headless Chromium (playwright-core driving the
 * system browser), served cross-origin isolated (COOP/COEP, so Nabla's wasm backend and
 * tfjs-wasm can use threads) with --enable-unsafe-webgpu. Nabla wasm/webgpu and TensorFlow.js
 * wasm/webgpu run the same workloads in the same page; PyTorch (CPU) figures come from the Node
 * side of the same run for the ratio table.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Measured } from '../targets.js';
import { torchThroughput, WORKLOAD_UNITS } from '../pytorch/ratio-table.js';
import { probeTorch, runTorch } from '../pytorch/torch-runner.js';
import type { Clock } from '../timing.js';
import { BROWSER_CONTENDERS, BROWSER_WORKLOADS } from './protocol.js';
import type { BrowserResult, BrowserSpec } from './protocol.js';
import { renderBrowserTable } from './table.js';

const PAGE_ENTRY = fileURLToPath(new URL('./page.ts', import.meta.url));
const TFJS_WASM_PREFIX = '/tfjs-wasm/';
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const HTML = '<!doctype html><meta charset="utf-8"><title>Nabla browser bench</title><script type="module" src="/page.js"></script>';

/** The Chromium to drive (CHROMIUM_PATH, default Debian's /usr/bin/chromium), or why there is none. */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): { path: string } | { unavailable: string } {
  const executable = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return existsSync(executable) ? { path: executable } : { unavailable: `no Chromium at ${executable} (install Debian's chromium, scripts/setup-system.sh, or set CHROMIUM_PATH); browser section skipped` };
}

/** The page bundle: workspace sources (@nabla/source), browser platform, one ES module. */
async function bundlePage(): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [PAGE_ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@nabla/source'],
    // Node-only branches (worker_threads, fs) sit behind runtime checks the page never takes
    external: ['node:*'],
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0].contents;
}

/** A local server with the page, its bundle and tfjs's wasm binaries, every response cross-origin isolated. */
async function serve(bundle: Uint8Array): Promise<{ origin: string; close: () => Promise<void> }> {
  const require = createRequire(import.meta.url);
  const tfjsWasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, body: Uint8Array | string): void => {
      res.writeHead(status, { 'Content-Type': type, ...ISOLATION });
      res.end(body);
    };
    if (url.pathname === '/') return send(200, 'text/html', HTML);
    if (url.pathname === '/page.js') return send(200, 'text/javascript', bundle);
    if (url.pathname.startsWith(TFJS_WASM_PREFIX)) {
      const name = path.basename(url.pathname);
      readFile(path.join(tfjsWasmDir, name)).then(
        (bytes) => send(200, name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript', bytes),
        () => send(404, 'text/plain', `no ${name}`),
      );
      return;
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Run the page in headless Chromium and return its results. */
async function runInChromium(executable: string, progress: (msg: string) => void): Promise<{ results: BrowserResult[]; version: string }> {
  const { chromium } = await import('playwright-core');
  const bundle = await bundlePage();
  const server = await serve(bundle);
  const browser = await chromium.launch({
    executablePath: executable,
    args: ['--headless', '--no-sandbox', '--enable-unsafe-webgpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.startsWith('progress: ')) progress(`browser ${text.slice('progress: '.length)}`);
    });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => 'runNablaBrowserBench' in globalThis, undefined, { timeout: 120_000 }).catch(() => {
      throw new Error(`the bench page did not load${errors.length > 0 ? `: ${errors.join('; ')}` : ''}`);
    });
    const isolated = await page.evaluate(() => globalThis.crossOriginIsolated);
    if (!isolated) throw new Error('the bench page is not cross-origin isolated (COOP/COEP)');
    const spec: BrowserSpec = { workloads: BROWSER_WORKLOADS, contenders: BROWSER_CONTENDERS, tfjsWasmPrefix: TFJS_WASM_PREFIX };
    page.setDefaultTimeout(0);
    const results = await page.evaluate(
      (s) => (globalThis as unknown as { runNablaBrowserBench: (spec: BrowserSpec) => Promise<BrowserResult[]> }).runNablaBrowserBench(s),
      spec,
    );
    return { results, version: browser.version() };
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * Runs the section and returns its printout; records `browser:<workload>:<contender>` throughput
 * in `measured`. PyTorch's figures come from `measured` (the pytorch section, same run) or,
 * when that section did not run, are measured here after the page.
 */
export async function browserSection(measured: Measured, clock: Clock, progress: (msg: string) => void): Promise<string> {
  const chromium = chromiumExecutable();
  if ('unavailable' in chromium) return `browser: ${chromium.unavailable}`;
  const { results, version } = await runInChromium(chromium.path, progress);
  const torchNote = await ensureTorch(measured, clock, progress);
  for (const r of results) measured.set(`browser:${r.workload}:${r.contender}`, r.ms === null ? null : WORKLOAD_UNITS[r.workload].perSecond(r.ms));
  const torch = new Map(BROWSER_WORKLOADS.map((w) => [w, measured.get(WORKLOAD_UNITS[w].measuredKey('pytorch')) ?? null]));
  return [...torchNote, `Chromium ${version}, headless, cross-origin isolated, --enable-unsafe-webgpu (ratio > 1: Nabla faster; pytorch = PyTorch CPU from the Node side, best of 1 and 2 threads, same run)`, renderBrowserTable(results, torch)].join('\n');
}

/** Measure PyTorch's figures for the browser workloads unless the pytorch section already did; returns a note when it cannot. */
async function ensureTorch(measured: Measured, clock: Clock, progress: (msg: string) => void): Promise<string[]> {
  const missing = BROWSER_WORKLOADS.filter((w) => !measured.has(WORKLOAD_UNITS[w].measuredKey('pytorch')));
  if (missing.length === 0) return [];
  const probe = await probeTorch();
  if ('unavailable' in probe) return [`PyTorch: ${probe.unavailable}`];
  progress(`pytorch ${probe.version} for the browser ratios`);
  const run = await runTorch(probe.python, missing, clock);
  for (const w of missing) measured.set(WORKLOAD_UNITS[w].measuredKey('pytorch'), torchThroughput(run, w).best);
  return [];
}
