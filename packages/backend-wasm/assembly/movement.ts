// Data movement: strided N-d copies (transpose, broadcastTo, slice, pad, concat), gather and
// scatterAdd. Elements are moved as raw 1-, 4- or 8-byte words.
import { partStart, partEnd } from './partition';
import { rowOffset, rowCount, innerSize, innerStride } from './strided';

@inline
function copyRow<W>(src: usize, ss: i32, dst: usize, ds: i32, len: i32): void {
  const size = sizeof<W>();
  for (let j = 0; j < len; j++) {
    store<W>(dst + <usize>(j * ds) * size, load<W>(src + <usize>(j * ss) * size));
  }
}

/**
 * Copy the box `dims` from src to dst, each addressed through its own element strides; rows of
 * the innermost dimension are split between threads.
 */
export function copy_nd(elemBytes: i32, src: usize, dst: usize, rank: i32, dims: usize, srcStrides: usize, dstStrides: usize, tid: i32, nt: i32): void {
  const rows = rowCount(rank, dims);
  const len = innerSize(rank, dims);
  const ss = innerStride(rank, srcStrides);
  const ds = innerStride(rank, dstStrides);
  const size = <usize>elemBytes;
  const end = partEnd(rows, tid, nt);
  for (let r = partStart(rows, tid, nt); r < end; r++) {
    const ps = src + <usize>rowOffset(r, rank, dims, srcStrides) * size;
    const pd = dst + <usize>rowOffset(r, rank, dims, dstStrides) * size;
    if (ss == 1 && ds == 1) memory.copy(pd, ps, <usize>len * size);
    else if (elemBytes == 4) copyRow<u32>(ps, ss, pd, ds, len);
    else if (elemBytes == 1) copyRow<u8>(ps, ss, pd, ds, len);
    else copyRow<u64>(ps, ss, pd, ds, len);
  }
}

/**
 * Tiled transpose of `batch` [rows, cols] matrices of 4-byte words into [cols, rows]; the
 * batches are split between threads.
 */
export function transpose_2d_u32(src: usize, dst: usize, batch: i32, rows: i32, cols: i32, tid: i32, nt: i32): void {
  const TILE = 32;
  const plane = <usize>rows * <usize>cols * 4;
  const units = batch * ((rows + TILE - 1) / TILE);
  const end = partEnd(units, tid, nt);
  const tilesPerBatch = (rows + TILE - 1) / TILE;
  for (let u = partStart(units, tid, nt); u < end; u++) {
    const b = u / tilesPerBatch;
    const i0 = (u - b * tilesPerBatch) * TILE;
    const i1 = min(i0 + TILE, rows);
    const s = src + <usize>b * plane;
    const d = dst + <usize>b * plane;
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = min(j0 + TILE, cols);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) {
          store<u32>(d + ((<usize>j * <usize>rows + <usize>i) << 2), load<u32>(s + ((<usize>i * <usize>cols + <usize>j) << 2)));
        }
      }
    }
  }
}

/** out[o, j, :] = x[o, idx[j], :] with rows of `inner` elements; (o, j) pairs split by thread. */
export function gather_any(elemBytes: i32, x: usize, indices: usize, out: usize, outer: i32, axisDim: i32, numIndices: i32, inner: i32, tid: i32, nt: i32): void {
  const rowBytes = <usize>inner * <usize>elemBytes;
  const total = outer * numIndices;
  const end = partEnd(total, tid, nt);
  for (let k = partStart(total, tid, nt); k < end; k++) {
    const o = k / numIndices;
    const j = k - o * numIndices;
    const idx = load<i32>(indices + (<usize>j << 2));
    memory.copy(out + <usize>k * rowBytes, x + (<usize>o * <usize>axisDim + <usize>idx) * rowBytes, rowBytes);
  }
}

@inline
function scatterKernel<T>(x: usize, indices: usize, updates: usize, out: usize, outer: i32, axisDim: i32, numIndices: i32, inner: i32): void {
  const size = sizeof<T>();
  memory.copy(out, x, <usize>outer * <usize>axisDim * <usize>inner * size);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < numIndices; j++) {
      const idx = load<i32>(indices + (<usize>j << 2));
      const po = out + (<usize>o * <usize>axisDim + <usize>idx) * <usize>inner * size;
      const pu = updates + (<usize>o * <usize>numIndices + <usize>j) * <usize>inner * size;
      for (let c = 0; c < inner; c++) {
        const at = <usize>c * size;
        if (sizeof<T>() == 1) store<u8>(po + at, load<u8>(po + at) != 0 || load<u8>(pu + at) != 0 ? 1 : 0);
        else store<T>(po + at, load<T>(po + at) + load<T>(pu + at));
      }
    }
  }
}

/** out = x, then out[o, idx[j], :] += updates[o, j, :] (duplicates accumulate); single thread. */
export function scatter_add(dtype: i32, x: usize, indices: usize, updates: usize, out: usize, outer: i32, axisDim: i32, numIndices: i32, inner: i32): void {
  if (dtype == 0) scatterKernel<f32>(x, indices, updates, out, outer, axisDim, numIndices, inner);
  else if (dtype == 1) scatterKernel<i32>(x, indices, updates, out, outer, axisDim, numIndices, inner);
  else if (dtype == 2) scatterKernel<u8>(x, indices, updates, out, outer, axisDim, numIndices, inner);
  else scatterKernel<f64>(x, indices, updates, out, outer, axisDim, numIndices, inner);
}

/** dst[i] += src[i] for float32 or float64 (dtype code 0 or 3); used to sum per-thread partials. */
export function accumulate(dtype: i32, dst: usize, src: usize, n: i32, tid: i32, nt: i32): void {
  let i = partStart(n, tid, nt);
  const end = partEnd(n, tid, nt);
  if (dtype == 0) {
    for (; i + 4 <= end; i += 4) {
      const off = <usize>i << 2;
      v128.store(dst + off, f32x4.add(v128.load(dst + off), v128.load(src + off)));
    }
    for (; i < end; i++) store<f32>(dst + (<usize>i << 2), load<f32>(dst + (<usize>i << 2)) + load<f32>(src + (<usize>i << 2)));
  } else {
    for (; i < end; i++) store<f64>(dst + (<usize>i << 3), load<f64>(dst + (<usize>i << 3)) + load<f64>(src + (<usize>i << 3)));
  }
}
