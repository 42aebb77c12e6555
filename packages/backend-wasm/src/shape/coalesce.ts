/** An index space plus the element strides of each operand walking it. */
export interface StridedSpace {
  readonly dims: number[];
  readonly strides: number[][];
}

/**
 * Simplify a strided index space without changing the addresses it visits: drop size-1 axes and
 * merge neighbours that every operand walks contiguously (stride[i] = stride[i+1] * dims[i+1]).
 * Always returns at least one axis.
 */
export function coalesce(dims: readonly number[], strides: readonly (readonly number[])[]): StridedSpace {
  const outDims: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let i = 0; i < dims.length; i++) {
    if (dims[i] === 1) continue;
    const last = outDims.length - 1;
    const mergeable = last >= 0 && strides.every((s, k) => outStrides[k][last] === s[i] * dims[i]);
    if (mergeable) {
      outDims[last] *= dims[i];
      strides.forEach((s, k) => {
        outStrides[k][last] = s[i];
      });
    } else {
      outDims.push(dims[i]);
      strides.forEach((s, k) => outStrides[k].push(s[i]));
    }
  }
  if (outDims.length === 0) {
    outDims.push(1);
    outStrides.forEach((s) => s.push(0));
  }
  return { dims: outDims, strides: outStrides };
}
