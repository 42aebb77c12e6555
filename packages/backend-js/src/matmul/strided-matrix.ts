/** Matrix views over flat arrays, so transposed operands are read in place. */
import type { TypedArray } from '@nabla/tensor-core';

/** A read-only matrix: element (i, j) is `data[offset + i * rowStride + j * colStride]`. */
export interface StridedMatrix {
  readonly data: TypedArray;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** A writable matrix: element (i, j) is `data[offset + i * rowStride + j * colStride]`. */
export interface OutputMatrix {
  readonly data: TypedArray;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** The same elements seen as the transposed matrix (strides swapped, nothing copied). */
export function transposed<M extends StridedMatrix | OutputMatrix>(m: M): M {
  return { ...m, rowStride: m.colStride, colStride: m.rowStride };
}

/** A view of the row-major `rows`×`cols` matrix at `offset`, or of its transpose when `transposed`. */
export function matrixView(data: TypedArray, offset: number, rows: number, cols: number, transposed: boolean): StridedMatrix {
  // Stored as rows×cols row-major; the transposed view swaps the strides, copying nothing.
  return transposed
    ? { data, offset, rowStride: 1, colStride: cols }
    : { data, offset, rowStride: cols, colStride: 1 };
}
