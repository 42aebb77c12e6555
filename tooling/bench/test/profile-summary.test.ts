/** The step profiler's summary of a V8 CPU profile and its wasm name-section reader (nothing is timed). */
import { describe, expect, it } from 'vitest';
import { summarizeProfile, wasmFunctionNames, type CpuProfile } from '../src/profile/profile-summary.js';

const frame = (functionName: string, url: string): { functionName: string; url: string; lineNumber: number } => ({ functionName, url, lineNumber: 0 });

describe('summarizeProfile', () => {
  it('sums self time per area and per function, naming wasm functions by index', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '') },
        { id: 2, callFrame: frame('wasm-function[6]', 'wasm://wasm/0003de5e') },
        { id: 3, callFrame: frame('run', 'file:///w/packages/backend-wasm/src/threads/thread-pool.ts') },
        { id: 4, callFrame: frame('compose', 'file:///w/packages/tensor-core/src/fusion/compose.ts') },
        { id: 5, callFrame: frame('recordOp', 'file:///w/packages/autograd/src/graph/record.ts') },
        { id: 6, callFrame: frame('(garbage collector)', '') },
      ],
      samples: [2, 2, 3, 4, 5, 6, 2],
      timeDeltas: [100, 200, 300, 100, 100, 100, 100],
    };
    const summary = summarizeProfile(profile, new Map([[6, 'assembly/gemm/gemmRowsF32']]));
    expect(summary.totalMs).toBeCloseTo(1.0, 12);
    expect(summary.areas.map((r) => [r.name, r.ms])).toEqual([
      ['wasm kernels', 0.4],
      ['wasm thread pool (hand-off, waits)', 0.3],
      ['fusion (defer, compose, materialize)', 0.1],
      ['autograd (tape, backward rules)', 0.1],
      ['(garbage collector)', 0.1],
    ]);
    expect(summary.functions[0]).toEqual({ name: 'wasm assembly/gemm/gemmRowsF32', ms: 0.4, share: 0.4 });
    expect(summary.functions[1].name).toBe('run packages/backend-wasm/src/threads/thread-pool.ts');
  });
});

describe('wasmFunctionNames', () => {
  it('reads function names from the name section and is empty without one', () => {
    const utf8 = (s: string): number[] => [s.length, ...new TextEncoder().encode(s)];
    // name section: subsection 1 (function names) with 2 entries, index 0 "f" and index 3 "gemm"
    const entries = [2, 0, ...utf8('f'), 3, ...utf8('gemm')];
    const subsection = [1, entries.length, ...entries];
    const payload = [...utf8('name'), ...subsection];
    const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const withNames = new Uint8Array([...header, 0, payload.length, ...payload]);
    expect([...wasmFunctionNames(withNames)]).toEqual([[0, 'f'], [3, 'gemm']]);
    expect(wasmFunctionNames(new Uint8Array(header)).size).toBe(0);
  });
});
