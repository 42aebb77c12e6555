/**
 * Routines honour the `outShape` tensor-core passes them: each routine, called directly on the
 * backend with a non-trivial shape written out here by hand, returns a buffer of exactly that many
 * elements (middle-axis reductions, a batch-broadcast and a transposed matmul, a padded, strided
 * and dilated convolution, padded pools...). The values themselves are checked by the op sections.
 */
import { describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { Backend, DataId, Tensor } from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';

/** One routine call: what it is, its inputs, the output shape it is given, and the call itself. */
interface RoutineCase {
  readonly name: string;
  readonly outShape: readonly number[];
  readonly inputs: () => Tensor[];
  readonly call: (backend: Backend, inputs: readonly Tensor[], outShape: readonly number[]) => DataId;
}

/** A float32 tensor of `shape` (the values do not matter here). */
const floats = (shape: readonly number[]): Tensor => nb.tensor(Float32Array.from({ length: nb.sizeOf(shape) }, (_, i) => (i % 7) - 3), shape);

const CASES: readonly RoutineCase[] = [
  { name: 'reduce sum over the middle axis of [2, 3, 4]', outShape: [2, 4], inputs: () => [floats([2, 3, 4])], call: (b, [x], s) => b.reduce('sum', x, [1], s) },
  { name: 'reduce max over axes 1 and 2 of [2, 3, 4, 5]', outShape: [2, 5], inputs: () => [floats([2, 3, 4, 5])], call: (b, [x], s) => b.reduce('max', x, [1, 2], s) },
  { name: 'reduce prod over the scattered axes 0 and 2 of [2, 3, 4]', outShape: [3], inputs: () => [floats([2, 3, 4])], call: (b, [x], s) => b.reduce('prod', x, [0, 2], s) },
  { name: 'argmax along the middle axis of [2, 3, 4]', outShape: [2, 4], inputs: () => [floats([2, 3, 4])], call: (b, [x], s) => b.argReduce('argmax', x, 1, s) },
  {
    name: 'matmul [1, 3, 4] x [5, 4, 2] (a broadcast over the batch)', outShape: [5, 3, 2],
    inputs: () => [floats([1, 3, 4]), floats([5, 4, 2])], call: (b, [x, y], s) => b.matmul(x, y, false, false, s),
  },
  {
    name: 'matmul [4, 2, 3]ᵀ x [1, 5, 2]ᵀ', outShape: [4, 3, 5],
    inputs: () => [floats([4, 2, 3]), floats([1, 5, 2])], call: (b, [x, y], s) => b.matmul(x, y, true, true, s),
  },
  {
    name: 'matmul [1, 3, 4] x [0, 4, 2] (a batch of 1 broadcast to an empty batch)', outShape: [0, 3, 2],
    inputs: () => [floats([1, 3, 4]), floats([0, 4, 2])], call: (b, [x, y], s) => b.matmul(x, y, false, false, s),
  },
  { name: 'transpose [2, 3, 4] by [2, 0, 1]', outShape: [4, 2, 3], inputs: () => [floats([2, 3, 4])], call: (b, [x], s) => b.transpose(x, [2, 0, 1], s) },
  { name: 'pad [2, 3] by [[1, 2], [0, 3]]', outShape: [5, 6], inputs: () => [floats([2, 3])], call: (b, [x], s) => b.pad(x, [[1, 2], [0, 3]], 0, s) },
  {
    name: 'concat [2, 1, 3] and [2, 4, 3] along axis 1', outShape: [2, 5, 3],
    inputs: () => [floats([2, 1, 3]), floats([2, 4, 3])], call: (b, xs, s) => b.concat(xs, 1, s),
  },
  {
    name: 'gather [3, 4, 2] by [2, 3] indices along axis 1', outShape: [3, 2, 3, 2],
    inputs: () => [floats([3, 4, 2]), nb.tensor(Int32Array.from([0, 3, 1, 1, 2, 0]), [2, 3], 'int32')],
    call: (b, [x, i], s) => b.gather(x, i, 1, s),
  },
  {
    name: 'attention q [2, 3, 4], k [2, 5, 4], v [2, 5, 6] (packed with the logsumexp)', outShape: [2, 3, 7],
    inputs: () => [floats([2, 3, 4]), floats([2, 5, 4]), floats([2, 5, 6])],
    call: (b, [q, k, v], s) => b.attention(q, k, v, null, { scale: 0.5, causal: false }, s),
  },
  {
    // height: (9 + 1 + 0 − 5) / 2 + 1 = 3 (5: three taps dilated by 2); width: (8 + 2 + 1 − 2) / 1 + 1 = 10
    name: 'conv2d [2, 3, 9, 8] ⊛ [4, 3, 3, 2], strided, padded and dilated', outShape: [2, 4, 3, 10],
    inputs: () => [floats([2, 3, 9, 8]), floats([4, 3, 3, 2])],
    call: (b, [x, w], s) => b.conv2d(x, w, { strides: [2, 1], pads: [1, 0, 2, 1], dilations: [2, 1] }, s),
  },
  {
    // (7 + 2 − 3) / 2 + 1 = 4 both ways
    name: 'maxPool2d [1, 2, 7, 7], 3x3 windows, stride 2, padding 1', outShape: [1, 2, 4, 4], inputs: () => [floats([1, 2, 7, 7])],
    call: (b, [x], s) => b.maxPool2d(x, { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: true }, s),
  },
  {
    // height: (6 + 1 − 2) / 2 + 1 = 3; width: (5 + 1 − 3) / 1 + 1 = 4
    name: 'avgPool2d [2, 1, 6, 5], 2x3 windows, uneven padding', outShape: [2, 1, 3, 4], inputs: () => [floats([2, 1, 6, 5])],
    call: (b, [x], s) => b.avgPool2d(x, { kernel: [2, 3], strides: [2, 1], pads: [0, 1, 1, 0], countIncludePad: false }, s),
  },
];

/** Registers the routine output-shape section. */
export function describeRoutineShapes(_ctx: ConformanceContext): void {
  describe('routine output shapes', () => {
    for (const c of CASES) {
      it(`${c.name}: exactly [${c.outShape.join(', ')}]`, async () => {
        const backend = nb.getBackend();
        const inputs = c.inputs();
        try {
          const out = c.call(backend, inputs, c.outShape);
          try {
            expect((await backend.read(out)).length).toBe(nb.sizeOf(c.outShape));
          } finally {
            backend.disposeData(out);
          }
        } finally {
          for (const t of inputs) t.dispose();
        }
      });
    }
    it('matmul of a batch of 1 by an empty batch is empty through the public op too', async () => {
      const y = nb.matmul(nb.zeros([1, 3, 4]), nb.zeros([0, 4, 2]));
      expect(y.shape).toEqual([0, 3, 2]);
      expect((await y.data()).length).toBe(0);
      y.dispose();
    });
  });
}
