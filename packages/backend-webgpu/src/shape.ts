/** Shape arithmetic shared by the kernels' host-side parameter builders. */

/** Number of elements of `shape`. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Strides of `inShape` aligned to the right of `outShape`, 0 along broadcast (size-1 or missing) axes. */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const inStrides = stridesOf(inShape);
  const offset = outShape.length - inShape.length;
  return outShape.map((_, i) => {
    const j = i - offset;
    return j < 0 || inShape[j] === 1 ? 0 : inStrides[j];
  });
}

/** True when two shapes are identical. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Product of `shape[from..to)`. */
export function sizeBetween(shape: readonly number[], from: number, to: number): number {
  let n = 1;
  for (let i = from; i < to; i++) n *= shape[i];
  return n;
}
