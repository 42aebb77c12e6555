/**
 * The tiled GEMM shader shared by matmul and the convolutions (implicit GEMM): C = A · B with
 * A: M×K, B: K×N, C: M×N, where the kernel supplies how elements are fetched and stored:
 *
 *   fn load_a(batch: u32, row: u32, k: u32) -> T   // called only for row < M, k < K
 *   fn load_b(batch: u32, k: u32, col: u32) -> T   // called only for k < K, col < N
 *   fn store_c(batch: u32, row: u32, col: u32, v: T) // called only for row < M, col < N
 *
 * Register blocking: a workgroup of 8×8 threads computes a 32×64 block of C, each thread a 4×8
 * sub-block held in vec4 registers (unrolled in TypeScript, no dynamically indexed arrays), walking
 * K in slices of 16 staged in workgroup memory. On lavapipe this runs ~5× faster than one output
 * per thread; larger 8×8 blocks ran no faster there but took twice as long to compile (LLVM).
 *
 * Parameters: p[0] = M, p[1] = N, p[2] = K, p[3] = batch offset (the grid's z is the batch);
 * kernel-specific words start at p[4]. Requires {@link PRELUDE}.
 */
const THREADS = 8;
const ROWS_PER_THREAD = 4;
const COLS_PER_THREAD = 8;
const K_SLICE = 16;
const BLOCK_M = THREADS * ROWS_PER_THREAD;
const BLOCK_N = THREADS * COLS_PER_THREAD;

/** Number of parameter words the GEMM itself uses (kernel words follow). */
export const GEMM_PARAM_WORDS = 4;

/** The GEMM entry point around the kernel's `load_a`/`load_b`/`store_c` (element type `type`). */
export function tiledGemm(type: 'f32' | 'i32'): string {
  const zero = type === 'f32' ? '0.0' : '0';
  const rows = ROWS_PER_THREAD;
  const blockM = BLOCK_M;
  const threads = THREADS * THREADS;
  const quads = COLS_PER_THREAD / 4;
  // The register block is unrolled here, in TypeScript: plain vec4 variables, no dynamically
  // indexed private arrays (which lavapipe's LLVM compiled slowly and kept in memory).
  const rowIds = Array.from({ length: rows }, (_, r) => r);
  const quadIds = Array.from({ length: quads }, (_, q) => q);
  const accName = (r: number, q: number): string => `acc_${r}_${q}`;
  const declare = rowIds.flatMap((r) => quadIds.map((q) => `var ${accName(r, q)} = vec4<${type}>();`)).join('\n  ');
  const loadB = quadIds
    .map((q) => `let b${q} = vec4<${type}>(${[0, 1, 2, 3].map((c) => `tile_b[k][bb + ${q * 4 + c}u]`).join(', ')});`)
    .join('\n      ');
  const update = rowIds
    .map((r) => `{ let a = tile_a[k][ab + ${r}u]; ${quadIds.map((q) => `${accName(r, q)} = ${accName(r, q)} + a * b${q};`).join(' ')} }`)
    .join('\n      ');
  const store = rowIds
    .map((r) => {
      const cells = quadIds.flatMap((q) =>
        [0, 1, 2, 3].map((c) => `if (col0t + ${q * 4 + c}u < N) { store_c(batch, row, col0t + ${q * 4 + c}u, ${accName(r, q)}[${c}]); }`),
      );
      return `{ let row = row0 + l.y * ${rows}u + ${r}u; if (row < M) { ${cells.join(' ')} } }`;
    })
    .join('\n  ');
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
  ${declare}
  let ab = l.y * ${rows}u;
  let bb = l.x * ${COLS_PER_THREAD}u;
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
      ${loadB}
      ${update}
    }
    workgroupBarrier();
  }
  let col0t = col0 + bb;
  ${store}
}`;
}

/** Workgroup grid covering an M×N result for `batches` batches. */
export function gemmGrid(M: number, N: number, batches: number): [number, number, number] {
  return [Math.ceil(N / BLOCK_N), Math.ceil(M / BLOCK_M), batches];
}
