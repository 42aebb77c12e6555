// The bundler matrix (issue 19): the packed tarballs installed into a fresh project, the XOR +
// LeNet page built by Vite, webpack 5, esbuild, Rollup and Next.js (static export) and run in
// headless Chromium, cross-origin isolated (wasm threads), on every backend the browser offers;
// plus Node ESM, Node CJS and strict tsc (bundler and nodenext without DOM). Prints the table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumMissingReason, launchChromium } from '../src/bundler-matrix/chromium-page.js';
import { bundlers, runMatrix, type MatrixRow } from '../src/bundler-matrix/matrix.js';
import { nodeTargets } from '../src/bundler-matrix/node-targets.js';
import { createMatrixProject } from '../src/bundler-matrix/project.js';
import { formatMatrix, pageProblems } from '../src/bundler-matrix/table.js';

const missingChromium = chromiumMissingReason();
if (missingChromium !== null) {
  if (process.env.CI) throw new Error(`bundler matrix: CI must run the pages in Chromium, but ${missingChromium}`);
  console.warn(`bundler matrix: building only, not running the pages: ${missingChromium}`);
}

const work = mkdtempSync(join(tmpdir(), 'nabla-matrix-'));
let rows: MatrixRow[] = [];
let browser: Browser | null = null;

beforeAll(async () => {
  const project = createMatrixProject(join(work, 'project'));
  browser = missingChromium === null ? await launchChromium() : null;
  rows = await runMatrix(project, browser);
  console.log(`bundler matrix:\n${formatMatrix(rows)}`);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

const row = (name: string): MatrixRow | undefined => rows.find((r) => r.name === name);

describe.each(bundlers.map((b) => b.name))('%s', (name) => {
  it('builds the page from the installed tarballs without errors or warnings', () => {
    expect(row(name)?.buildError).toBeNull();
  });

  it('ships the wasm and webgpu backends as separate lazy chunks', () => {
    const bytes = row(name)?.bytes;
    expect(bytes?.wasmFiles).toHaveLength(1);
    expect(bytes?.webgpuFiles).toHaveLength(1);
    expect(bytes?.wasmFiles).not.toEqual(bytes?.webgpuFiles);
    // Each path leaves the other backend's chunk out.
    expect(bytes?.webgpuPath).toBeLessThan(bytes?.wasmFallback ?? 0);
  });

  it.skipIf(missingChromium !== null)('runs in Chromium: XOR learned and LeNet logits equal to the js backend\'s on every backend it gets, wasm on threads', () => {
    const page = row(name)?.page;
    expect(pageProblems(row(name) as MatrixRow)).toEqual([]);
    const backends = page?.result?.backends ?? [];
    expect(backends.find((b) => b.name === 'js')?.status).toBe('ok');
    expect(backends.find((b) => b.name === 'wasm')?.threads).toBeGreaterThan(1);
    expect(['ok', 'unavailable']).toContain(backends.find((b) => b.name === 'webgpu')?.status);
  });
});

describe.each(nodeTargets.map((t) => t.name))('%s', (name) => {
  it('loads every published subpath (and trains XOR on js and wasm, or type-checks strictly)', () => {
    expect(row(name)?.buildError).toBeNull();
  });
});
