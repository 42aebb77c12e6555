/**
 * A GEMM shaped for CPU drivers (lavapipe runs each workgroup on one CPU thread and its invocations
 * as SIMD lanes): C = A · B with A: M×K, B: K×N, C: M×N, no workgroup memory and no barriers.
 * A workgroup of {@link LANES} threads owns `rows` consecutive rows of C (the same for all its
 * threads, so every A read is uniform: one scalar load per SIMD batch) and `quads`·LANES columns;
 * thread t holds columns t, t + LANES, ... so the B reads of neighbouring threads are neighbouring
 * words. Each thread keeps a rows×quads block of accumulators in registers (unrolled here in
 * TypeScript). Rows and columns past the edge read clamped (in-bounds) indices and are not stored,
 * so the K loop has no branches. The kernel supplies
 *
 *   fn load_a(batch: u32, row: u32, k: u32) -> T
 *   fn load_b(batch: u32, k: u32, col: u32) -> T
 *   fn store_c(batch: u32, row: u32, col: u32, v: T)
 *
 * Parameters: p[0] = M, p[1] = N, p[2] = K, p[3] = batch offset (grid z is the batch); kernel
 * words start at p[4]. Requires the PRELUDE.
 */

/** Threads per workgroup. */
export const LANES = 64;

/** Register block of one thread. */
export interface LaneTile {
  /** Rows of C per workgroup (and per thread). */
  readonly rows: number;
  /** Columns per thread, LANES apart. */
  readonly cols: number;
}

/** The GEMM entry point for element type `type`. */
export function laneGemm(type: 'f32' | 'i32', tile: LaneTile): string {
  const r = Array.from({ length: tile.rows }, (_, i) => i);
  const c = Array.from({ length: tile.cols }, (_, i) => i);
  const acc = (i: number, j: number): string => `acc_${i}_${j}`;
  return /* wgsl */ `
@compute @workgroup_size(${LANES})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let M = p[0]; let N = p[1]; let K = p[2];
  let batch = wid.z + p[3];
  let row0 = wid.y * ${tile.rows}u;
  let col0 = wid.x * ${tile.cols * LANES}u + lid;
  ${r.map((i) => `let ra${i} = min(row0 + ${i}u, M - 1u);`).join(' ')}
  ${c.map((j) => `let cb${j} = min(col0 + ${j * LANES}u, N - 1u);`).join(' ')}
  ${r.flatMap((i) => c.map((j) => `var ${acc(i, j)}: ${type} = ${type}();`)).join(' ')}
  for (var k = 0u; k < K; k = k + 1u) {
    ${r.map((i) => `let a${i} = load_a(batch, ra${i}, k);`).join(' ')}
    ${c.map((j) => `let b${j} = load_b(batch, k, cb${j});`).join(' ')}
    ${r.flatMap((i) => c.map((j) => `${acc(i, j)} = ${acc(i, j)} + a${i} * b${j};`)).join('\n    ')}
  }
  ${r.flatMap((i) => c.map((j) => `if (row0 + ${i}u < M && col0 + ${j * LANES}u < N) { store_c(batch, row0 + ${i}u, col0 + ${j * LANES}u, ${acc(i, j)}); }`)).join('\n  ')}
}`;
}

/** Workgroup grid covering an M×N result for `batches` batches. */
export function laneGemmGrid(M: number, N: number, batches: number, tile: LaneTile): [number, number, number] {
  return [Math.ceil(N / (tile.cols * LANES)), Math.ceil(M / tile.rows), batches];
}
