/** The check every positional embedding makes: positions offset … offset + T − 1 fit the table. */
import { ArgumentError, ShapeError, assertTensor, fmtShape, type Tensor } from '@nabla/tensor-core';

/**
 * The sequence length T of x [..., T, dim] after checking its feature size, the offset and that
 * offset + T ≤ maxLength; errors name the layer and the input's shape.
 */
export function positionRange(layer: string, x: Tensor, dim: number, offset: number, maxLength: number): number {
  assertTensor(layer, x, 'input');
  if (x.rank < 2 || x.shape[x.rank - 1] !== dim) throw new ShapeError(layer, `input ${fmtShape(x.shape)} must be [..., T, ${dim}]`);
  if (!Number.isInteger(offset) || offset < 0) throw new ArgumentError(layer, `offset must be a non-negative integer, got ${offset}`);
  const length = x.shape[x.rank - 2];
  if (offset + length > maxLength) {
    throw new ShapeError(layer, `positions ${offset}…${offset + length - 1} of input ${fmtShape(x.shape)} exceed the position table of maxLength ${maxLength}`);
  }
  return length;
}
