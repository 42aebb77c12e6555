// Browser smoke test: bundles test/browser/smoke-page.ts, serves it twice from a local server —
// once cross-origin isolated (expects 2 threads on Web Workers) and once not (expects the
// single-thread fallback) — and runs it in headless Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`browser-smoke: no Chromium at ${executablePath} (set CHROMIUM_PATH)`);
  process.exit(1);
}

const bundle = await build({
  entryPoints: [join(root, 'test', 'browser', 'smoke-page.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['@nabla/source'],
  external: ['node:*'],
  write: false,
  logLevel: 'warning',
});
const script = bundle.outputFiles[0].contents;
const page = '<!doctype html><html><head><title>nabla wasm smoke</title></head><body><script type="module" src="/smoke.js"></script></body></html>';

function serve(isolated) {
  const server = createServer((req, res) => {
    const headers = isolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
    if (req.url === '/') res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(page);
    else if (req.url === '/smoke.js') res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
let failed = false;
try {
  for (const isolated of [true, false]) {
    const server = await serve(isolated);
    const tab = await browser.newPage();
    tab.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    const handle = await tab.waitForFunction(() => globalThis.smokeResult, null, { timeout: 120_000 });
    const result = await handle.jsonValue();
    const expectedThreads = isolated ? 2 : 1;
    const problems = 'error' in result ? [result.error] : [...result.failures];
    if (!('error' in result) && result.numThreads !== expectedThreads) problems.push(`numThreads ${result.numThreads}, expected ${expectedThreads}`);
    console.log(`${isolated ? 'cross-origin isolated' : 'not isolated'}: ${problems.length === 0 ? 'ok' : 'FAILED'} ${JSON.stringify(result)}`);
    failed ||= problems.length > 0;
    await tab.close();
    server.close();
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
