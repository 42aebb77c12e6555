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
  const operands = strides.length;
  const flat: number[] = [];
  for (let d = 0; d < dims.length; d++) for (let k = 0; k < operands; k++) flat.push(strides[k][d]);
  const outDims: number[] = [];
  const rank = coalesceInPlace(dims, operands, flat, outDims);
  return { dims: outDims.slice(0, rank), strides: strides.map((_, k) => Array.from({ length: rank }, (_, d) => flat[d * operands + k])) };
}

/**
 * `coalesce`'s rule without allocating, for kernels that run it on every call: `strides` holds
 * operand k's stride on axis d at `strides[d * operands + k]` and is rewritten in place with the
 * coalesced strides (same layout); the coalesced extents go to `outDims[0 … rank)`. Returns the
 * rank (≥ 1). In place is safe: axis d's merged result lands at an index ≤ d, after axis d was read.
 */
export function coalesceInPlace(dims: readonly number[], operands: number, strides: number[], outDims: number[]): number {
  let rank = 0;
  for (let d = 0; d < dims.length; d++) {
    const extent = dims[d];
    if (extent === 1) continue;
    let merge = rank > 0;
    for (let k = 0; k < operands && merge; k++) merge = strides[(rank - 1) * operands + k] === strides[d * operands + k] * extent;
    const at = merge ? rank - 1 : rank;
    for (let k = 0; k < operands; k++) strides[at * operands + k] = strides[d * operands + k];
    if (merge) outDims[at] *= extent;
    else {
      outDims[at] = extent;
      rank++;
    }
  }
  if (rank === 0) {
    outDims[0] = 1;
    for (let k = 0; k < operands; k++) strides[k] = 0;
    rank = 1;
  }
  return rank;
}
