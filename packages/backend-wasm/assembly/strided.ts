// Row-wise walking of a coalesced N-d index space: every kernel that reads operands through
// (possibly zero) element strides splits the space into rows of the innermost dimension.

/**
 * Element offset, for the operand whose strides start at `strides`, of the first element of
 * `row` (a row index over dims[0..rank-1), the innermost dimension excluded).
 */
@inline
export function rowOffset(row: i32, rank: i32, dims: usize, strides: usize): i32 {
  let off = 0;
  let rem = row;
  for (let d = rank - 2; d >= 0; d--) {
    const size = load<i32>(dims + (<usize>d << 2));
    const q = rem / size;
    off += (rem - q * size) * load<i32>(strides + (<usize>d << 2));
    rem = q;
  }
  return off;
}

/** Number of rows (product of all but the innermost dimension). */
@inline
export function rowCount(rank: i32, dims: usize): i32 {
  let rows = 1;
  for (let d = 0; d < rank - 1; d++) rows *= load<i32>(dims + (<usize>d << 2));
  return rows;
}

/** Innermost dimension. */
@inline
export function innerSize(rank: i32, dims: usize): i32 {
  return load<i32>(dims + (<usize>(rank - 1) << 2));
}

/** Innermost stride of an operand. */
@inline
export function innerStride(rank: i32, strides: usize): i32 {
  return load<i32>(strides + (<usize>(rank - 1) << 2));
}
