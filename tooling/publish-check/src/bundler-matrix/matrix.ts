import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildWithEsbuild } from './bundlers/esbuild.js';
import { buildWithNext } from './bundlers/next.js';
import { buildWithRollup } from './bundlers/rollup.js';
import { buildWithVite } from './bundlers/vite.js';
import { buildWithWebpack } from './bundlers/webpack.js';
import { runPage, type PageRun } from './chromium-page.js';
import { nodeTargets } from './node-targets.js';
import type { MatrixProject } from './project.js';
import { shippedBytes, type ShippedBytes } from './shipped-bytes.js';
import { serveStatic } from '@nabla/test-kit/static-server';

/** The bundlers of the matrix, each building the page into an output folder. */
export const bundlers: ReadonlyArray<{ name: string; build: (project: string, outDir: string) => Promise<void> }> = [
  { name: 'Vite', build: buildWithVite },
  { name: 'webpack 5', build: buildWithWebpack },
  { name: 'esbuild', build: buildWithEsbuild },
  { name: 'Rollup', build: buildWithRollup },
  { name: 'Next.js (static export)', build: buildWithNext },
];

/** One row of the matrix. */
export interface MatrixRow {
  name: string;
  kind: 'bundler' | 'node';
  /** Null when it built (or, for Node rows, ran); else the error. */
  buildError: string | null;
  /** The page's run in Chromium (bundlers that built, when a browser was given). */
  page?: PageRun;
  bytes?: ShippedBytes;
  seconds: number;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 4000);

/** Builds the page with every bundler, runs each in `browser` (if any), and checks the Node targets. */
export async function runMatrix(project: MatrixProject, browser: Browser | null, pageTimeoutMs = 180_000): Promise<MatrixRow[]> {
  const rows: MatrixRow[] = [];
  for (const { name, build } of bundlers) {
    const started = performance.now();
    const outDir = join(project.dir, '..', 'out', name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
    rmSync(outDir, { recursive: true, force: true });
    const row: MatrixRow = { name, kind: 'bundler', buildError: null, seconds: 0 };
    try {
      await build(project.dir, outDir);
      row.bytes = shippedBytes(outDir);
      if (browser !== null) {
        const server = await serveStatic(outDir);
        try {
          row.page = await runPage(browser, server.url, pageTimeoutMs);
        } finally {
          await server.close();
        }
      }
    } catch (error) {
      row.buildError = message(error);
    }
    row.seconds = (performance.now() - started) / 1000;
    rows.push(row);
  }
  for (const target of nodeTargets) {
    const started = performance.now();
    let buildError: string | null = null;
    try {
      target.check(project.dir, project.packed.map((p) => p.manifest));
    } catch (error) {
      buildError = message(error);
    }
    rows.push({ name: target.name, kind: 'node', buildError, seconds: (performance.now() - started) / 1000 });
  }
  return rows;
}
