import { describe, expect, it } from 'vitest';
import { measureBundle, type BundleReport } from '../src/size/bundle.js';
import { coreGzipBudget, lazyGzipBudget } from '../src/size/budget.js';

describe('browser bundle size (pnpm size)', () => {
  let report: BundleReport;

  it('bundles the five core packages into the eager chunk and nothing of the other backends', async () => {
    report = await measureBundle();
    expect(report.core.packages).toEqual(expect.arrayContaining([
      'packages/tensor-core', 'packages/autograd', 'packages/layers', 'packages/optim', 'packages/backend-js',
    ]));
    expect(report.core.packages).not.toContain('packages/backend-wasm');
    expect(report.core.packages).not.toContain('packages/backend-webgpu');
  });

  it('bundles for the browser with no import left external (no node: module on the browser path)', () => {
    expect(report.external).toEqual([]);
  });

  it('puts the WASM and WebGPU backends in their own lazy chunks', () => {
    const labels = report.lazy.map((c) => c.label);
    expect(labels).toEqual(['packages/backend-wasm', 'packages/backend-webgpu']);
    for (const chunk of report.lazy) {
      expect(chunk.packages).toContain(chunk.label);
      expect(chunk.packages).not.toContain('packages/layers');
      expect(chunk.files.length).toBeGreaterThan(0);
    }
  });

  it('keeps every group within its gzip budget', () => {
    console.log(`core ${(report.core.gzip / 1024).toFixed(1)} KB gzip; ` +
      report.lazy.map((c) => `${c.label} ${(c.gzip / 1024).toFixed(1)} KB`).join('; '));
    expect(report.core.gzip).toBeLessThanOrEqual(coreGzipBudget);
    for (const chunk of report.lazy) expect(chunk.gzip).toBeLessThanOrEqual(lazyGzipBudget[chunk.label] ?? 0);
  });

  it('ships the wasm backend (one kernel binary) within 46 KB gzip', () => {
    const wasm = report.lazy.find((c) => c.label === 'packages/backend-wasm');
    expect(wasm?.gzip).toBeLessThanOrEqual(46 * 1024);
  });

  it('reports sizes a reader can reproduce: gzip is smaller than minified and non-trivial', () => {
    // A 1 KB sanity floor: an empty bundle would mean the entry points resolved to nothing.
    expect(report.core.minified).toBeGreaterThan(report.core.gzip);
    expect(report.core.gzip).toBeGreaterThan(1024);
  });
});
