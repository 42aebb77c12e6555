/** A float64 n-dimensional array for reference computations: row-major data plus a shape. */

/** Reference array: values in float64, row-major. */
export interface NdArray {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** Number of elements of a shape (1 for a scalar). */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Wrap values (copied to float64) as an NdArray, checking the element count. */
export function ndarray(shape: readonly number[], values: ArrayLike<number>): NdArray {
  if (values.length !== numel(shape)) throw new Error(`reference: ${values.length} values for shape [${shape.join(',')}]`);
  return { shape: [...shape], data: Float64Array.from(values) };
}

/** An NdArray filled with one value. */
export function filled(shape: readonly number[], value: number): NdArray {
  return { shape: [...shape], data: new Float64Array(numel(shape)).fill(value) };
}

/** Coordinates of flat index `index` in `shape`. */
export function unravel(index: number, shape: readonly number[]): number[] {
  const coords = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    coords[i] = index % shape[i];
    index = Math.floor(index / shape[i]);
  }
  return coords;
}

/** Flat index of `coords` in `shape`. */
export function ravel(coords: readonly number[], shape: readonly number[]): number {
  let index = 0;
  for (let i = 0; i < shape.length; i++) index = index * shape[i] + coords[i];
  return index;
}

/** The value at `coords`. */
export function at(x: NdArray, coords: readonly number[]): number {
  return x.data[ravel(coords, x.shape)];
}
