/** The contiguous runs of a box write (Backend.writeSlice), shared by the backends. */
import { stridesOf } from '../shape.js';

/**
 * The contiguous runs a box write moves: `length` elements per run, `count` runs; run r reads
 * source elements [r·length, (r + 1)·length) and writes target elements from `targetOffsets[r]`.
 */
export interface SliceRuns {
  /** Elements per contiguous run. */
  readonly length: number;
  /** Where each run starts in the target, in elements. */
  readonly targetOffsets: readonly number[];
}

/** The runs of writing a `sourceShape` box at `begin` into a row-major `targetShape` (validated shapes). */
export function sliceRuns(targetShape: readonly number[], sourceShape: readonly number[], begin: readonly number[]): SliceRuns {
  const rank = targetShape.length;
  // the innermost axes where the box spans the whole target are one contiguous run
  let axis = rank - 1;
  while (axis > 0 && sourceShape[axis] === targetShape[axis]) axis--;
  let length = 1;
  for (let d = axis; d < rank; d++) length *= sourceShape[d];
  const strides = stridesOf(targetShape);
  const offsets: number[] = [];
  const index = new Array<number>(axis).fill(0);
  let count = 1;
  for (let d = 0; d < axis; d++) count *= sourceShape[d];
  if (length === 0) return { length, targetOffsets: [] };
  for (let r = 0; r < count; r++) {
    let offset = rank > 0 ? begin[axis] * strides[axis] : 0;
    for (let d = 0; d < axis; d++) offset += (begin[d] + index[d]) * strides[d];
    offsets.push(offset);
    for (let d = axis - 1; d >= 0; d--) {
      if (++index[d] < sourceShape[d]) break;
      index[d] = 0;
    }
  }
  return { length, targetOffsets: offsets };
}
