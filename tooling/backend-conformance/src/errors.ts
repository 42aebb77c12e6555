/** Bad shapes, dtypes and arguments throw typed errors whose messages name the op, shapes and dtypes. */
import { describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { ConformanceContext } from './context.js';
import { expectThrows } from './check.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/** [what, call, error class, message fragments]. */
const CASES: readonly [string, () => unknown, ErrorClass, string[]][] = [
  ['broadcasting', () => nb.add(nb.zeros([2, 3]), nb.zeros([4])), nb.ShapeError, ['add: shapes [2,3] and [4] cannot be broadcast together']],
  ['broadcasting in a comparison', () => nb.less(nb.zeros([2]), nb.zeros([3])), nb.ShapeError, ['less', '[2]', '[3]']],
  ['where with a float condition', () => nb.where(nb.zeros([2]), nb.zeros([2]), nb.zeros([2])), nb.DTypeError, ['where', 'bool', 'float32']],
  ['where broadcasting', () => nb.where(nb.zeros([2], 'bool'), nb.zeros([3]), 0), nb.ShapeError, ['where', '[2]', '[3]']],
  ['clip with lo > hi', () => nb.clip(nb.zeros([2]), 2, 1), nb.ArgumentError, ['clip', 'lo=2', 'hi=1']],
  ['reshape to a different size', () => nb.reshape(nb.zeros([2, 3]), [4]), nb.ShapeError, ['reshape: cannot reshape [2,3] (6 elements) to [4]']],
  ['reshape with two -1', () => nb.reshape(nb.zeros([2, 3]), [-1, -1]), nb.ShapeError, ['reshape', 'only one -1']],
  ['transpose with a bad perm', () => nb.transpose(nb.zeros([2, 3]), [0, 0]), nb.ShapeError, ['transpose', '[0,0]', '[2,3]']],
  ['squeeze of a non-1 axis', () => nb.squeeze(nb.zeros([2, 3]), 1), nb.ShapeError, ['squeeze', 'axis 1', '[2,3]']],
  ['broadcastTo an incompatible shape', () => nb.broadcastTo(nb.zeros([3]), [2, 4]), nb.ShapeError, ['broadcastTo', '[3]', '[2,4]']],
  ['broadcastTo a lower rank', () => nb.broadcastTo(nb.zeros([1, 3]), [3]), nb.ShapeError, ['broadcastTo', '[1,3]', '[3]']],
  ['slice outside the tensor', () => nb.slice(nb.zeros([2, 3]), [1, 1], [2, 1]), nb.ShapeError, ['slice', '[2,3]']],
  ['pad with negative amounts', () => nb.pad(nb.zeros([2]), [[-1, 0]]), nb.ArgumentError, ['pad', 'non-negative']],
  ['concat with mismatched shapes', () => nb.concat([nb.zeros([2, 3]), nb.zeros([2, 4])], 0), nb.ShapeError, ['concat', '[2,3]', '[2,4]']],
  ['concat with mismatched dtypes', () => nb.concat([nb.zeros([2]), nb.zeros([2], 'int32')]), nb.DTypeError, ['concat', 'float32', 'int32']],
  ['concat of nothing', () => nb.concat([]), nb.ArgumentError, ['concat']],
  ['stack with mismatched shapes', () => nb.stack([nb.zeros([2]), nb.zeros([3])]), nb.ShapeError, ['stack', '[2]', '[3]']],
  ['split into unequal sections', () => nb.split(nb.zeros([5, 2]), 2), nb.ShapeError, ['split', '[5,2]', '2 equal parts']],
  ['split sizes that do not add up', () => nb.split(nb.zeros([5]), [2, 2]), nb.ShapeError, ['split', '[2,2]', '[5]']],
  ['reduction axis out of range', () => nb.sum(nb.zeros([2, 3]), 2), nb.ShapeError, ['sum: axis 2 is out of range for a tensor of rank 2']],
  ['negative reduction axis out of range', () => nb.max(nb.zeros([2, 3]), -3), nb.ShapeError, ['max', 'axis -3', 'rank 2']],
  ['repeated reduction axis', () => nb.sum(nb.zeros([2, 3]), [1, -1]), nb.ArgumentError, ['sum', 'repeated axis']],
  ['max over an empty axis', () => nb.max(nb.zeros([2, 0]), 1), nb.ShapeError, ['max', '[2,0]']],
  ['mean of nothing', () => nb.mean(nb.zeros([0])), nb.ShapeError, ['mean', '[0]']],
  ['variance with too few elements', () => nb.variance(nb.zeros([1]), 0, { correction: 1 }), nb.ShapeError, ['variance', '[1]']],
  ['softmax of int32', () => nb.softmax(nb.zeros([3], 'int32')), nb.DTypeError, ['softmax', 'int32']],
  ['softmax axis out of range', () => nb.softmax(nb.zeros([3]), 1), nb.ShapeError, ['softmax', 'axis 1']],
  ['logsumexp of int32', () => nb.logsumexp(nb.zeros([3], 'int32')), nb.DTypeError, ['logsumexp', 'int32']],
  ['gather with float indices', () => nb.gather(nb.zeros([3]), nb.zeros([2])), nb.DTypeError, ['gather', 'int32', 'float32']],
  ['gather axis out of range', () => nb.gather(nb.zeros([3]), nb.zeros([1], 'int32'), 1), nb.ShapeError, ['gather', 'axis 1']],
  ['scatterAdd with wrong updates shape', () => nb.scatterAdd(nb.zeros([3, 2]), nb.zeros([2], 'int32'), nb.zeros([3, 2])), nb.ShapeError, ['scatterAdd', '[3,2]', '[2,2]']],
  ['scatterAdd with wrong updates dtype', () => nb.scatterAdd(nb.zeros([3]), nb.zeros([2], 'int32'), nb.zeros([2], 'int32')), nb.DTypeError, ['scatterAdd', 'int32', 'float32']],
  ['oneHot with float indices', () => nb.oneHot(nb.zeros([2]), 3), nb.DTypeError, ['oneHot', 'float32']],
  ['oneHot with zero depth', () => nb.oneHot(nb.zeros([2], 'int32'), 0), nb.ArgumentError, ['oneHot', 'depth']],
  ['outer of matrices', () => nb.outer(nb.zeros([2, 2]), nb.zeros([2])), nb.ShapeError, ['outer', '[2,2]']],
  ['tensor() with a ragged array', () => nb.tensor([[1, 2], [3]]), nb.ShapeError, ['tensor', 'ragged']],
  ['tensor() with too few values for the shape', () => nb.tensor([1, 2, 3], [2, 2]), nb.ShapeError, ['tensor', '3 values', '[2,2]']],
  ['a negative dimension', () => nb.zeros([2, -1]), nb.ShapeError, ['zeros', '[2,-1]']],
  ['an unknown dtype', () => nb.full([2], 1, 'float16' as nb.DType), nb.DTypeError, ['full', 'float16']],
  ['cast to an unknown dtype', () => nb.cast(nb.zeros([2]), 'int8' as nb.DType), nb.DTypeError, ['cast', 'int8']],
  ['arange with step 0', () => nb.arange(0, 3, 0), nb.ArgumentError, ['arange', 'step']],
  ['randint with low >= high', () => nb.randint(3, 3, [2]), nb.ArgumentError, ['randint', 'low=3', 'high=3']],
  ['item() of a vector', () => nb.zeros([2]).item(), nb.NablaError, ['item', '[2]']],
  ['flatten with start after end', () => nb.flatten(nb.zeros([2, 3, 4]), 2, 1), nb.ArgumentError, ['flatten']],
  ['expandDims axis out of range', () => nb.expandDims(nb.zeros([2]), 3), nb.ShapeError, ['expandDims', 'axis 3']],
];

/** Registers the error-message section. */
export function describeErrors(ctx: ConformanceContext): void {
  describe(`typed errors with clear messages (${ctx.backend})`, () => {
    CASES.forEach(([what, call, type, fragments]) => {
      it(`${what} → ${type.name}`, () => expectThrows(call, type, ...fragments));
    });
    it('float64 is refused with a DTypeError on backends without it', (t) => {
      t.skip(nb.getBackend().supportsFloat64, `backend '${nb.getBackend().name}' supports float64, so there is nothing to refuse`);
      expectThrows(() => nb.zeros([2], 'float64'), nb.DTypeError, 'zeros', 'float64', nb.getBackend().name);
      expectThrows(() => nb.tensor(new Float64Array([1])), nb.DTypeError, 'tensor', 'float64');
      expectThrows(() => nb.cast(nb.zeros([1]), 'float64'), nb.DTypeError, 'cast', 'float64');
    });
    it('setBackend of an unknown name rejects with a BackendError', async () => {
      await expect(nb.setBackend('no-such-backend')).rejects.toThrow(nb.BackendError);
      expect(nb.getBackend().name).toBe(ctx.backend);
    });
  });
}
