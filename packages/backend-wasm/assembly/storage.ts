// Storage: filling a buffer with one value.
import { partStart, partEnd } from './partition';

/** Fill n elements of dtype code `dtype` with `value`. */
export function fill_any(dtype: i32, out: usize, n: i32, value: f64, tid: i32, nt: i32): void {
  const start = partStart(n, tid, nt);
  const end = partEnd(n, tid, nt);
  if (dtype == 0) {
    const v = <f32>value;
    for (let i = start; i < end; i++) store<f32>(out + (<usize>i << 2), v);
  } else if (dtype == 1) {
    const v = <i32>value;
    for (let i = start; i < end; i++) store<i32>(out + (<usize>i << 2), v);
  } else if (dtype == 2) {
    memory.fill(out + <usize>start, value != 0 ? 1 : 0, <usize>(end - start));
  } else {
    for (let i = start; i < end; i++) store<f64>(out + (<usize>i << 3), value);
  }
}
