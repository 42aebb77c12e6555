/** Simplifying strided index spaces so kernels walk as few axes as possible. */

/** An index space plus the element strides of each operand walking it. */
export interface StridedSpace {
  readonly dims: number[];
  readonly strides: number[][];
}

/**
 * The fewest axes visiting the same addresses as `dims` walked with per-operand `strides`: size-1
 * axes are dropped and neighbours merged wherever every operand walks them as one run (stride on
 * the outer axis = stride × extent on the inner one, 0 and 0 included). E.g. a [C, 1, 1] bias over
 * [N, C, H, W] becomes dims [N, C, H·W]. Always returns at least one axis.
 */
export function coalesce(dims: readonly number[], strides: readonly (readonly number[])[]): StridedSpace {
  const outDims: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let i = 0; i < dims.length; i++) {
    if (dims[i] === 1) continue;
    const last = outDims.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[i] * dims[i])) {
      outDims[last] *= dims[i];
      strides.forEach((s, k) => (outStrides[k][last] = s[i]));
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
