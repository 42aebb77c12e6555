/** The browser section's table and Chromium lookup (no browser is started; nothing is timed). */
import { describe, expect, it } from 'vitest';
import { chromiumExecutable } from '../src/browser/section.js';
import { renderBrowserTable } from '../src/browser/table.js';
import type { BrowserResult } from '../src/browser/protocol.js';

describe('chromiumExecutable', () => {
  it('uses CHROMIUM_PATH and says why the section skips when it is missing', () => {
    expect(chromiumExecutable({ CHROMIUM_PATH: '/nonexistent/chromium' })).toEqual({
      unavailable: expect.stringMatching(/no Chromium at \/nonexistent\/chromium .*browser section skipped/) as unknown as string,
    });
    expect(chromiumExecutable({ CHROMIUM_PATH: process.execPath })).toEqual({ path: process.execPath });
  });
});

describe('renderBrowserTable', () => {
  const results: BrowserResult[] = [
    { contender: 'nabla-wasm', workload: 'mlp', ms: 4, detail: '2 threads, relaxed-simd' },
    { contender: 'tfjs-wasm', workload: 'mlp', ms: 32 },
    { contender: 'nabla-webgpu', workload: 'mlp', ms: 16 },
    { contender: 'tfjs-webgpu', workload: 'mlp', ms: 8 },
    { contender: 'nabla-wasm', workload: 'lenet', ms: 16 },
    { contender: 'tfjs-wasm', workload: 'lenet', ms: null, note: "Kernel 'Conv2DBackpropFilter' not registered" },
  ];
  const torch = new Map([['mlp', 64_000], ['lenet', null]] as const);

  it('prints throughput per contender, PyTorch from the Node side and the same-run ratios', () => {
    const lines = renderBrowserTable(results, torch).split('\n');
    const cells = (i: number): string[] => lines[i].split(/\s{2,}/);
    expect(cells(0)).toEqual(['workload', 'unit', 'nabla-wasm', 'nabla-webgpu', 'tfjs-wasm', 'tfjs-webgpu', 'pytorch', 'nabla-wasm/tfjs-wasm', 'nabla-webgpu/tfjs-webgpu', 'nabla-wasm/pytorch']);
    // rows in BROWSER_WORKLOADS order: matmul1024, lenet, mlp, lm
    expect(cells(2)).toEqual(['matmul 1024² NN', 'GFLOPS', '—', '—', '—', '—', '—', '—', '—', '—']);
    expect(cells(3)).toEqual(['LeNet step, batch 64', 'img/s', '4000.0', '—', '—', '—', '—', '—', '—', '—']);
    expect(cells(4)).toEqual(['MLP 784-256-256-10 step, batch 128', 'img/s', '32000.0', '8000.0', '4000.0', '16000.0', '64000.0', '8.00', '0.50', '0.50']);
    expect(lines).toContain('  ran as — nabla-wasm: 2 threads, relaxed-simd');
    expect(lines).toContain("  not measured — tfjs-wasm lenet: Kernel 'Conv2DBackpropFilter' not registered");
  });
});
