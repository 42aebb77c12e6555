/**
 * NaN, ±Infinity and −0 through every elementwise op of the op tables (new table rows are picked
 * up automatically), int32 extremes through integer arithmetic, and out-of-range float → int32
 * casts, which saturate on every backend.
 */
import { describe, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectTensor, expectValues } from './check.js';
import { BINARY_REFERENCE, INT32_REFERENCE } from './reference/elementwise.js';

/** Float specials every unary op sees (float32-exact). */
const UNARY_SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, -2.5];
/** Float specials combined pairwise for every binary op. */
const BINARY_SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 1, -1, 2.5];
/** int32 extremes combined pairwise for integer arithmetic. */
const INT_SPECIALS = [-2147483648, 2147483647, 0, -1, 1, 7];

/** Every (a, b) pair of `values`: a varies slowest. */
function pairs(values: readonly number[]): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  for (const x of values) for (const y of values) {
    a.push(x);
    b.push(y);
  }
  return [a, b];
}

/** Registers the special-values section. */
export function describeSpecialValues(ctx: ConformanceContext): void {
  describe('special values through every elementwise op (NaN, ±Infinity, −0)', () => {
    for (const op of nb.UNARY_OPS) {
      const kind = nb.unaryKind(op) === 'float' ? 'transcendental' : 'exact';
      it(`unary ${op}`, async () => {
        const x = nb.tensor(UNARY_SPECIALS);
        const expected = UNARY_SPECIALS.map((v) => Math.fround(nb.UNARY_TABLE[op].scalar(Math.fround(v))));
        await expectTensor(nb.unary(op, x), { shape: [UNARY_SPECIALS.length], values: expected }, ctx.tol(kind), nb.unaryOutDType(op, 'float32'));
      });
    }
    for (const op of nb.BINARY_OPS) {
      const kind = op === 'pow' || op === 'atan2' ? 'transcendental' : 'exact';
      it(`binary ${op}`, async () => {
        const [a, b] = pairs(BINARY_SPECIALS);
        const fn = nb[op] as (x: nb.Tensor, y: nb.Tensor) => nb.Tensor;
        const expected = a.map((v, i) => Math.fround(BINARY_REFERENCE[op](v, b[i])));
        await expectTensor(fn(nb.tensor(a), nb.tensor(b)), { shape: [a.length], values: expected }, ctx.tol(kind), nb.binaryOutDType(op, 'float32'));
      });
    }
    for (const op of Object.keys(INT32_REFERENCE) as (keyof typeof INT32_REFERENCE)[]) {
      it(`int32 ${op} at the int32 extremes`, async () => {
        const [a, b] = pairs(INT_SPECIALS);
        const out = nb[op](nb.tensor(a, [a.length], 'int32'), nb.tensor(b, [b.length], 'int32'));
        await expectValues(out, a.map((v, i) => INT32_REFERENCE[op](v, b[i])), 'int32');
      });
    }
    it('where and clip pass NaN, ±Infinity and −0 through', async () => {
      const x = nb.tensor([NaN, Infinity, -Infinity, -0, 2]);
      await expectValues(nb.clip(x, -1, 1), [NaN, 1, -1, -0, 1]);
      await expectValues(nb.where(nb.tensor([true, false, true, false, true]), x, nb.tensor([0, NaN, 0, -0, 0])), [NaN, NaN, -Infinity, -0, 2]);
    });
    it('float → int32 casts truncate and saturate (NaN → 0, ±Infinity and out of range → INT32_MIN/MAX)', async () => {
      const x = [NaN, Infinity, -Infinity, -0, 3e9, -3e9, 2147483520, -2147483648, 1.9, -1.9];
      const expected = [0, 2147483647, -2147483648, 0, 2147483647, -2147483648, 2147483520, -2147483648, 1, -1];
      await expectValues(nb.cast(nb.tensor(x), 'int32'), expected, 'int32');
      await expectValues(nb.cast(nb.tensor(x), 'bool'), [1, 1, 1, 0, 1, 1, 1, 1, 1, 1], 'bool');
      if (nb.getBackend().supportsFloat64) {
        await expectValues(nb.cast(nb.tensor([...x, 2147483647.9, -2147483648.9], [12], 'float64'), 'int32'), [...expected, 2147483647, -2147483648], 'int32');
      }
    });
    it('step(NaN) is NaN, relu(NaN) is NaN, sign(NaN) is NaN (hand-computed)', async () => {
      const x = nb.tensor([NaN, -0, 0, -1]);
      await expectValues(nb.step(x), [NaN, 1, 1, 0]);
      await expectValues(nb.relu(x), [NaN, 0, 0, 0]);
      await expectValues(nb.sign(x), [NaN, 0, 0, -1]);
    });
  });
}
