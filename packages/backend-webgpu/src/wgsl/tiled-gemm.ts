/**
 * The tiled GEMM shader shared by matmul and the convolutions (implicit GEMM): C = A · B with
 * A: M×K, B: K×N, C: M×N, where the kernel supplies how elements are fetched and stored:
 *
 *   fn load_a(batch: u32, row: u32, k: u32) -> T   // called only for row < M, k < K
 *   fn load_b(batch: u32, k: u32, col: u32) -> T   // called only for k < K, col < N
 *   fn store_c(batch: u32, row: u32, col: u32, v: T) // called only for row < M, col < N
 *
 * Register blocking: a workgroup of 8×8 threads computes a block of C, each thread a sub-block of
 * rows×8 (rows = 8 → 64×64 blocks, or 2 → 16×64 blocks when M is small, as in convolutions with
 * few channels), walking K in slices of 16 staged in workgroup memory. (On lavapipe, 8×8 per
 * thread measured 2-3× faster than 16×16 threads with 4×4 each, and ~5× faster than one output
 * per thread.)
 *
 * Parameters: p[0] = M, p[1] = N, p[2] = K, p[3] = batch offset (the grid's z is the batch);
 * kernel-specific words start at p[4]. Requires {@link PRELUDE}.
 */
const THREADS = 8;
const COLS_PER_THREAD = 8;
const K_SLICE = 16;
const BLOCK_N = THREADS * COLS_PER_THREAD;

/** Rows of C per thread: 8 normally, 2 for short-and-wide products (M ≤ 16). */
export type GemmRows = 8 | 2;

/** The row blocking suited to a product with M rows. */
export function gemmRowsFor(M: number): GemmRows {
  return M <= 16 ? 2 : 8;
}

/** Number of parameter words the GEMM itself uses (kernel words follow). */
export const GEMM_PARAM_WORDS = 4;

/** The GEMM entry point around the kernel's `load_a`/`load_b`/`store_c` (element type `type`). */
export function tiledGemm(type: 'f32' | 'i32', rows: GemmRows): string {
  const zero = type === 'f32' ? '0.0' : '0';
  const blockM = THREADS * rows;
  const threads = THREADS * THREADS;
  return /* wgsl */ `
var<workgroup> tile_a: array<array<${type}, ${blockM}>, ${K_SLICE}>;
var<workgroup> tile_b: array<array<${type}, ${BLOCK_N}>, ${K_SLICE}>;
var<workgroup> k_shared: u32;
@compute @workgroup_size(${THREADS}, ${THREADS})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) l: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let M = p[0]; let N = p[1]; let K = p[2];
  let batch = wid.z + p[3];
  let row0 = wid.y * ${blockM}u;
  let col0 = wid.x * ${BLOCK_N}u;
  if (lid == 0u) { k_shared = K; }
  let slices = (workgroupUniformLoad(&k_shared) + ${K_SLICE - 1}u) / ${K_SLICE}u;
  var acc: array<${type}, ${rows * COLS_PER_THREAD}>;
  for (var i = 0u; i < ${rows * COLS_PER_THREAD}u; i = i + 1u) { acc[i] = ${zero}; }
  for (var t = 0u; t < slices; t = t + 1u) {
    let k0 = t * ${K_SLICE}u;
    for (var i = 0u; i < ${(blockM * K_SLICE) / threads}u; i = i + 1u) {
      let e = lid + i * ${threads}u;
      let kk = e % ${K_SLICE}u;
      let m = e / ${K_SLICE}u;
      var va: ${type} = ${zero};
      if (row0 + m < M && k0 + kk < K) { va = load_a(batch, row0 + m, k0 + kk); }
      tile_a[kk][m] = va;
    }
    for (var i = 0u; i < ${(BLOCK_N * K_SLICE) / threads}u; i = i + 1u) {
      let e = lid + i * ${threads}u;
      let kk = e % ${K_SLICE}u;
      let n = e / ${K_SLICE}u;
      var vb: ${type} = ${zero};
      if (col0 + n < N && k0 + kk < K) { vb = load_b(batch, k0 + kk, col0 + n); }
      tile_b[kk][n] = vb;
    }
    workgroupBarrier();
    for (var k = 0u; k < ${K_SLICE}u; k = k + 1u) {
      var av: array<${type}, ${rows}>;
      var bv: array<${type}, ${COLS_PER_THREAD}>;
      for (var i = 0u; i < ${rows}u; i = i + 1u) { av[i] = tile_a[k][l.y * ${rows}u + i]; }
      for (var j = 0u; j < ${COLS_PER_THREAD}u; j = j + 1u) { bv[j] = tile_b[k][l.x * ${COLS_PER_THREAD}u + j]; }
      for (var i = 0u; i < ${rows}u; i = i + 1u) {
        for (var j = 0u; j < ${COLS_PER_THREAD}u; j = j + 1u) {
          acc[i * ${COLS_PER_THREAD}u + j] = acc[i * ${COLS_PER_THREAD}u + j] + av[i] * bv[j];
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < ${rows}u; i = i + 1u) {
    let row = row0 + l.y * ${rows}u + i;
    for (var j = 0u; j < ${COLS_PER_THREAD}u; j = j + 1u) {
      let col = col0 + l.x * ${COLS_PER_THREAD}u + j;
      if (row < M && col < N) { store_c(batch, row, col, acc[i * ${COLS_PER_THREAD}u + j]); }
    }
  }
}`;
}

/** Workgroup grid covering an M×N result for `batches` batches with the given row blocking. */
export function gemmGrid(M: number, N: number, batches: number, rows: GemmRows): [number, number, number] {
  return [Math.ceil(N / BLOCK_N), Math.ceil(M / (THREADS * rows)), batches];
}
