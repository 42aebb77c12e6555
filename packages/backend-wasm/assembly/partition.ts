// Splitting [0, total) between the threads of a parallel kernel call.

/** First index owned by thread `tid` of `nt` when `total` items are split evenly. */
@inline
export function partStart(total: i32, tid: i32, nt: i32): i32 {
  return <i32>((<i64>total * <i64>tid) / <i64>nt);
}

/** One past the last index owned by thread `tid` of `nt`. */
@inline
export function partEnd(total: i32, tid: i32, nt: i32): i32 {
  return <i32>((<i64>total * <i64>(tid + 1)) / <i64>nt);
}
