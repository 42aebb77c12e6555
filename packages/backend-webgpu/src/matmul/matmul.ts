import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { WebGPUDTypeError } from '../errors.js';
import { ParamBlock } from '../runtime/params.js';
import { storageType } from '../storage/storage-layout.js';
import { transpose } from '../movement/strided-copy.js';
import { PRELUDE, bindings } from '../wgsl/prelude.js';
import { LANES, laneGemm, laneGemmGrid, type LaneTile } from '../wgsl/lane-gemm.js';

const MAX_BATCH_PER_DISPATCH = 65535;
/** A transposed B with at least this many result rows is first copied to K×N (see {@link matmul}). */
const TRANSPOSE_B_FROM_ROWS = 512;

/**
 * The register block for an N-column result: 8 rows × 8, 4 or 2 columns per thread (a workgroup
 * covers 512, 256 or 128 columns), the widest that the columns mostly fill, so narrow results
 * waste fewer lanes.
 */
function tileFor(N: number): LaneTile {
  return { rows: 8, cols: N > 4 * LANES ? 8 : N > 2 * LANES ? 4 : 2 };
}

/**
 * Batched matmul on the lane GEMM. A transposed A is read in place (its reads stay uniform); a
 * transposed B is read in place for results of fewer than 512 rows, and otherwise first copied
 * to K×N: every 8-row block repeats the strided reads, and on lavapipe from about 512 rows (64
 * blocks) the copy costs less than they do (at 128 to 256 rows it does not). One pipeline per variant and register block; a batch of 1 broadcasts through a
 * zero batch stride. Parameters after the GEMM words: batchStrideA, batchStrideB.
 */
export function matmul(rt: GPURuntime, a: GPUInput, b: GPUInput, transposeA: boolean, transposeB: boolean, outShape: readonly number[], out: GPUBuffer): void {
  const [batchA, rowsA, colsA] = a.shape;
  const [batchB] = b.shape;
  const K = transposeA ? rowsA : colsA;
  const [batch, M, N] = outShape;
  if (batch === 0 || M === 0 || N === 0) return;
  const type = storageType(a.dtype, 'matmul');
  if (type === 'u32') {
    throw new WebGPUDTypeError('matmul', `bool operands are not supported (shapes [${a.shape.join(', ')}] x [${b.shape.join(', ')}]); cast to float32 first`);
  }
  if (transposeB && M >= TRANSPOSE_B_FROM_ROWS) {
    // Read in place, each thread's B column is a strided walk; a copy makes the reads contiguous.
    const bt = rt.storage.acquire(batchB * K * N * 4);
    const btShape = [batchB, K, N];
    transpose(rt, b, [0, 2, 1], btShape, bt);
    matmul(rt, a, { buffer: bt, shape: btShape, dtype: b.dtype }, transposeA, false, outShape, out);
    rt.whenSubmitted(() => rt.storage.release(bt));
    return;
  }
  const tile = tileFor(N);
  const source = (): string => /* wgsl */ `${PRELUDE}
${bindings([['xa', type], ['xb', type]], [['out', type]])}
fn load_a(batch: u32, row: u32, k: u32) -> ${type} {
  return xa[batch * p[4] + ${transposeA ? 'k * p[0] + row' : 'row * p[2] + k'}];
}
fn load_b(batch: u32, k: u32, col: u32) -> ${type} {
  return xb[batch * p[5] + ${transposeB ? 'col * p[2] + k' : 'k * p[1] + col'}];
}
fn store_c(batch: u32, row: u32, col: u32, v: ${type}) {
  out[(batch * p[0] + row) * p[1] + col] = v;
}
${laneGemm(type, tile)}`;
  for (let offset = 0; offset < batch; offset += MAX_BATCH_PER_DISPATCH) {
    const chunk = Math.min(MAX_BATCH_PER_DISPATCH, batch - offset);
    rt.dispatch({
      key: `matmul:${a.dtype}:${transposeA ? 'T' : 'N'}${transposeB ? 'T' : 'N'}:${tile.rows}x${tile.cols}`,
      source,
      params: new ParamBlock().u32(M, N, K, offset, batchA === 1 ? 0 : M * K, batchB === 1 ? 0 : K * N).toArray(),
      buffers: [a.buffer, b.buffer, out],
      workgroups: laneGemmGrid(M, N, chunk, tile),
    });
  }
}
