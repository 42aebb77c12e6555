/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major element strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i];
  }
  return strides;
}

/** Strides that read `inShape` broadcast (NumPy rules, right-aligned) to `outShape`: 0 on broadcast axes. */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const inStrides = stridesOf(inShape);
  const offset = outShape.length - inShape.length;
  return outShape.map((_dim, i) => {
    const j = i - offset;
    if (j < 0) return 0;
    return inShape[j] === 1 ? 0 : inStrides[j];
  });
}

/** Product of shape[from..to). */
export function sizeBetween(shape: readonly number[], from: number, to: number): number {
  let size = 1;
  for (let i = from; i < to; i++) size *= shape[i];
  return size;
}
