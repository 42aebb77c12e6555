// Feature detection and selection of the relaxed-SIMD overlay. This file runs in the default Node
// project (Node 20: relaxed SIMD off, SIMD128 kernels) and in the relaxed-SIMD project
// (vitest.relaxed-simd.config.ts: --experimental-wasm-relaxed-simd, overlay on), where matmul,
// convolution and the conformance suite also run against their references.
import { afterAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/create-wasm-backend.js';
import type { WasmBackend } from '../src/wasm-backend.js';
import { RELAXED_KERNEL_NAMES, RELAXED_MADD_PROBE, relaxedSimdSupported, withOverlay } from '../src/wasm/relaxed-simd.js';
import { uniform } from './support/random.js';

/** Whether this Node enables relaxed SIMD: by default from Node 22, before that behind the V8 flag. */
const expected = Number(process.versions.node.split('.')[0]) >= 22 || process.execArgv.includes('--experimental-wasm-relaxed-simd');

describe('relaxed-SIMD detection', () => {
  it(`the probe module validates exactly when relaxed SIMD is enabled (here: ${expected})`, () => {
    expect(WebAssembly.validate(RELAXED_MADD_PROBE)).toBe(expected);
    expect(relaxedSimdSupported()).toBe(expected);
  });

  it('the probe is a well-formed module apart from the feature: with relaxed_madd swapped for two plain SIMD ops it validates everywhere', () => {
    const bytes = Array.from(RELAXED_MADD_PROBE);
    const at = bytes.findIndex((b, i) => b === 0xfd && bytes[i + 1] === 0x85 && bytes[i + 2] === 0x02);
    expect(at).toBeGreaterThan(0);
    // f32x4.mul (0xfd 0xe6 0x01) then f32x4.add (0xfd 0xe4 0x01): same stack effect, 3 bytes longer
    const plain = [...bytes.slice(0, at), 0xfd, 0xe6, 0x01, 0xfd, 0xe4, 0x01, ...bytes.slice(at + 3)];
    const codeSection = plain.indexOf(0x0a, 18);
    plain[codeSection + 1] += 3;
    plain[codeSection + 3] += 3;
    expect(WebAssembly.validate(new Uint8Array(plain))).toBe(true);
  });

  it('withOverlay replaces exactly the relaxed kernels and says which export is missing', () => {
    const base = Object.fromEntries(['matmul_f32', 'matmul_f64', 'elementwise_run', ...RELAXED_KERNEL_NAMES].map((n) => [n, () => `base ${n}`]));
    const overlay = Object.fromEntries(RELAXED_KERNEL_NAMES.map((n) => [n, () => `overlay ${n}`]));
    const merged = withOverlay(base, overlay);
    for (const n of RELAXED_KERNEL_NAMES) expect(merged[n]()).toBe(`overlay ${n}`);
    expect(merged.matmul_f64()).toBe('base matmul_f64');
    expect(merged.elementwise_run()).toBe('base elementwise_run');
    expect(withOverlay(base, null)).toBe(base);
    const { conv2d_forward: _dropped, ...partial } = overlay;
    expect(() => withOverlay(base, partial)).toThrow(/export 'conv2d_forward' is missing/);
  });
});

describe('relaxed-SIMD kernel selection', () => {
  const backends: WasmBackend[] = [];
  afterAll(() => {
    for (const b of backends) b.dispose();
  });
  const make = async (relaxedSimd?: boolean): Promise<WasmBackend> => {
    const b = await createWasmBackend({ numThreads: 2, relaxedSimd });
    backends.push(b);
    return b;
  };

  it(`uses the overlay where supported (${expected ? 'relaxed-simd' : 'simd128'} here) unless told not to`, async () => {
    expect((await make()).kernelVariant).toBe(expected ? 'relaxed-simd' : 'simd128');
    expect((await make(false)).kernelVariant).toBe('simd128');
  });

  it('both variants compute the same 200×300·300×150 product as a float64 loop, within float32 accumulation error', async () => {
    const [m, k, n] = [200, 300, 150];
    const a = Float32Array.from(uniform(m * k, 11));
    const b = Float32Array.from(uniform(k * n, 12));
    const reference = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) reference[i * n + j] += a[i * k + p] * b[p * n + j];
    for (const backend of [await make(), await make(false)]) {
      const x = { dataId: backend.write(a, 'float32'), shape: [1, m, k], dtype: 'float32' as const };
      const y = { dataId: backend.write(b, 'float32'), shape: [1, k, n], dtype: 'float32' as const };
      const out = backend.matmul(x, y, false, false, [1, m, n]);
      const got = await backend.read(out);
      let worst = 0;
      for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(got[i] - reference[i]));
      expect(worst, `${backend.kernelVariant}: largest |error|`).toBeLessThan(1e-4);
      for (const id of [x.dataId, y.dataId, out]) backend.disposeData(id);
    }
  });
});
