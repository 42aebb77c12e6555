/** The float64 section: runs only on backends whose `supportsFloat64` is true. */
import { describe, it, type TestContext } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { Tensor } from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectTensor } from './check.js';
import { mapValues, zipBroadcast } from './reference/broadcast.js';
import { conv2d as refConv2d } from './reference/conv.js';
import { BINARY_REFERENCE, UNARY_REFERENCE } from './reference/elementwise.js';
import { matmul as refMatmul } from './reference/matmul.js';
import { numel, type NdArray } from './reference/ndarray.js';
import * as R from './reference/reduce.js';
import { softmax as refSoftmax } from './reference/softmax.js';

/** Random float64 values (not float32-representable) and their tensor. */
function random64(seed: number, shape: readonly number[], lo = -1, hi = 1): { t: Tensor; ref: NdArray } {
  const rng = new nb.Rng(seed);
  const host = new Float64Array(numel(shape));
  for (let i = 0; i < host.length; i++) host[i] = lo + (hi - lo) * (rng.uniform() + rng.uniform() / 4294967296);
  return { t: nb.tensor(host, shape), ref: { shape: [...shape], data: host.slice() } };
}

function requireFloat64(t: TestContext): void {
  t.skip(!nb.getBackend().supportsFloat64, `backend '${nb.getBackend().name}' has no float64`);
}

/** Registers the float64 section. */
export function describeFloat64(ctx: ConformanceContext): void {
  describe('float64 (only where supportsFloat64)', () => {
    const tol = (): ReturnType<typeof ctx.tol> => ctx.tol('float64');
    it('storage keeps full double precision', async (t) => {
      requireFloat64(t);
      const x = nb.tensor(new Float64Array([0.1, 1 / 3, 1e-300, 2 ** 53 + 2]));
      await expectTensor(x, { shape: [4], values: [0.1, 1 / 3, 1e-300, 2 ** 53 + 2] }, ctx.tol('exact'), 'float64');
    });
    it('elementwise ops match Math.* to ~1e-12', async (t) => {
      requireFloat64(t);
      const x = random64(1, [40], 0.1, 3);
      for (const op of ['exp', 'log', 'sqrt', 'sin', 'tanh', 'reciprocal'] as const) {
        await expectTensor(nb[op](x.t), mapValues(x.ref, UNARY_REFERENCE[op]), tol(), 'float64');
      }
      const y = random64(2, [40], 0.5, 2);
      for (const op of ['add', 'mul', 'div', 'pow'] as const) {
        await expectTensor(nb[op](x.t, y.t), zipBroadcast(x.ref, y.ref, BINARY_REFERENCE[op]), tol(), 'float64');
      }
    });
    it('float32 ⊕ float64 promotes to float64; casts both ways', async (t) => {
      requireFloat64(t);
      const a = nb.tensor([0.5, 0.25]);
      const b = nb.tensor(new Float64Array([0.1, 0.2]));
      await expectTensor(nb.add(a, b), { shape: [2], values: [0.6, 0.45] }, tol(), 'float64');
      await expectTensor(nb.cast(b, 'float32'), { shape: [2], values: [Math.fround(0.1), Math.fround(0.2)] }, ctx.tol('exact'), 'float32');
      await expectTensor(nb.cast(nb.tensor([-2.5, 7], [2], 'float64'), 'int32'), { shape: [2], values: [-2, 7] }, ctx.tol('exact'), 'int32');
    });
    it('reductions, softmax, matmul and conv2d in float64', async (t) => {
      requireFloat64(t);
      const x = random64(3, [3, 4, 5]);
      await expectTensor(nb.sum(x.t, [0, 2]), R.sum(x.ref, [0, 2]), tol(), 'float64');
      await expectTensor(nb.max(x.t, 1), R.max(x.ref, [1]), ctx.tol('exact'), 'float64');
      await expectTensor(nb.mean(x.t), R.mean(x.ref, [0, 1, 2]), tol(), 'float64');
      await expectTensor(nb.softmax(x.t, 1), refSoftmax(x.ref, 1), tol(), 'float64');
      const a = random64(4, [6, 9]);
      const b = random64(5, [9, 4]);
      await expectTensor(nb.matmul(a.t, b.t), refMatmul(a.ref, b.ref), tol(), 'float64');
      const img = random64(6, [1, 2, 5, 5]);
      const w = random64(7, [3, 2, 3, 3]);
      await expectTensor(nb.conv2d(img.t, w.t, { padding: 1 }), refConv2d(img.ref, w.ref, { strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1] }), tol(), 'float64');
    });
  });
}
