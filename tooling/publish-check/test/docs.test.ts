import { beforeAll, describe, expect, it } from 'vitest';
import { exportedSymbols, type ExportedSymbol } from '../src/docs/exported-docs.js';
import { publicPackages } from '../src/workspace.js';

const packages = publicPackages();

describe('TSDoc of the public API', () => {
  let symbols: ExportedSymbol[];
  beforeAll(() => {
    symbols = exportedSymbols(packages);
  });

  it('reads the exports of every entry point', () => {
    const entries = new Set(symbols.map((s) => s.entry));
    for (const pkg of packages) expect(entries, pkg.manifest.name).toContain(pkg.manifest.name);
    expect(entries).toContain('@nabla/layers/node');
    expect(symbols.find((s) => s.entry === '@nabla/layers' && s.name === 'Dense')?.kind).toBe('class');
  });

  it('gives every exported symbol a summary', () => {
    const missing = symbols.filter((s) => s.summary.length === 0).map((s) => `${s.entry} ${s.name} (${s.kind}, ${s.file})`);
    expect(missing).toEqual([]);
  });

  it('states the shapes each layer takes and returns', () => {
    // A shape is written in brackets: "input [N, C, H, W] → output [N, O, OH, OW]", "[..., in]".
    const layers = symbols.filter((s) => s.entry === '@nabla/layers' && s.bases.includes('Module'));
    expect(layers.length).toBeGreaterThan(20);
    const withoutShapes = layers.filter((s) => !/\[[^\]]+\]/.test(s.summary)).map((s) => s.name);
    expect(withoutShapes).toEqual([]);
  });

  it('states the shapes each op takes and returns', () => {
    // As for layers, a shape in brackets: "x [...] → same shape", "a [A], b [B] → [broadcast(A, B)]"; a scalar's is [].
    const ops = symbols.filter(
      (s) =>
        s.entry === '@nabla/tensor-core' &&
        s.file.startsWith('packages/tensor-core/src/ops/') &&
        (s.kind === 'function' || s.kind === 'variable'),
    );
    expect(ops.length).toBeGreaterThan(100);
    const withoutShapes = ops.filter((s) => !/\[[^\]]*\]/.test(s.summary)).map((s) => s.name);
    expect(withoutShapes).toEqual([]);
  });
});

// The typedoc build itself (errors, every package, every page in Chromium) is tested by tooling/docs-site.
