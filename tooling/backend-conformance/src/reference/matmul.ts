/** NumPy-semantics matrix product by triple loops in float64. */
import { broadcastShape } from './broadcast.js';
import { numel, ravel, unravel, type NdArray } from './ndarray.js';
import { transpose } from './layout.js';

function swapLast(x: NdArray): NdArray {
  const r = x.shape.length;
  const perm = Array.from({ length: r }, (_, i) => (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i));
  return transpose(x, perm);
}

/** a @ b with optional transposes of the last two dims, 1-D promotion and batch broadcasting. */
export function matmul(a: NdArray, b: NdArray, transposeA = false, transposeB = false): NdArray {
  const A = transposeA && a.shape.length >= 2 ? swapLast(a) : a;
  const B = transposeB && b.shape.length >= 2 ? swapLast(b) : b;
  const a2 = A.shape.length === 1 ? { shape: [1, A.shape[0]], data: A.data } : A;
  const b2 = B.shape.length === 1 ? { shape: [B.shape[0], 1], data: B.data } : B;
  const [m, k] = a2.shape.slice(-2);
  const [k2, n] = b2.shape.slice(-2);
  if (k !== k2) throw new Error('reference matmul: inner dimensions differ');
  const batchA = a2.shape.slice(0, -2);
  const batchB = b2.shape.slice(0, -2);
  const batch = broadcastShape(batchA, batchB);
  if (!batch) throw new Error('reference matmul: batch dims do not broadcast');
  const out = new Float64Array(numel(batch) * m * n);
  for (let bi = 0; bi < numel(batch); bi++) {
    const bc = unravel(bi, batch);
    const pick = (own: readonly number[]): number => ravel(own.map((d, i) => (d === 1 ? 0 : bc[bc.length - own.length + i])), own);
    const offA = pick(batchA) * m * k;
    const offB = pick(batchB) * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a2.data[offA + i * k + p] * b2.data[offB + p * n + j];
        out[bi * m * n + i * n + j] = s;
      }
    }
  }
  const shape = [...batch, ...(a.shape.length === 1 ? [] : [m]), ...(b.shape.length === 1 ? [] : [n])];
  return { shape, data: out };
}
