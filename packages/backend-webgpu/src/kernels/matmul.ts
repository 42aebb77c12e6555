import type { GPUInput } from '../gpu-data.js';
import type { GPURuntime } from '../gpu-runtime.js';
import { ParamBlock } from '../params.js';
import { WebGPUDTypeError } from '../errors.js';
import { storageType } from '../storage-layout.js';
import { PRELUDE, bindings } from '../wgsl/prelude.js';

/** Output tile edge; one workgroup computes a TILE×TILE block, staging TILE×TILE tiles of a and b. */
const TILE = 16;
const MAX_BATCH_PER_DISPATCH = 65535;

/**
 * Batched matmul with workgroup-memory tiling. Transposed operands are read in place (the index
 * expression differs per variant); a batch of 1 broadcasts through a zero batch stride.
 * Parameters: M, N, K, batchStrideA, batchStrideB, batchOffset.
 */
export function matmul(rt: GPURuntime, a: GPUInput, b: GPUInput, transposeA: boolean, transposeB: boolean, out: GPUBuffer): void {
  const [batchA, rowsA, colsA] = a.shape;
  const [batchB, rowsB, colsB] = b.shape;
  const M = transposeA ? colsA : rowsA;
  const K = transposeA ? rowsA : colsA;
  const N = transposeB ? rowsB : colsB;
  const batch = Math.max(batchA, batchB);
  if (batch === 0 || M === 0 || N === 0) return;
  const type = storageType(a.dtype, 'matmul');
  if (type === 'u32') throw new WebGPUDTypeError('matmul', `bool operands are not supported (shapes [${a.shape.join(', ')}] x [${b.shape.join(', ')}]); cast to float32 first`);
  const zero = type === 'f32' ? '0.0' : '0';
  const loadA = transposeA ? 'xa[a_base + k * M + row]' : 'xa[a_base + row * K + k]';
  const loadB = transposeB ? 'xb[b_base + col * K + k]' : 'xb[b_base + k * N + col]';
  const source = (): string => /* wgsl */ `${PRELUDE}
${bindings([['xa', type], ['xb', type]], [['out', type]])}
var<workgroup> tile_a: array<array<${type}, ${TILE}>, ${TILE}>;
var<workgroup> tile_b: array<array<${type}, ${TILE}>, ${TILE}>;
var<workgroup> k_shared: u32;
@compute @workgroup_size(${TILE}, ${TILE})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let M = p[0]; let N = p[1]; let K = p[2];
  let b_idx = wid.z + p[5];
  let a_base = b_idx * p[3];
  let b_base = b_idx * p[4];
  let out_row = wid.y * ${TILE}u + l.y;
  let out_col = wid.x * ${TILE}u + l.x;
  if (l.x == 0u && l.y == 0u) { k_shared = K; }
  let tiles = (workgroupUniformLoad(&k_shared) + ${TILE - 1}u) / ${TILE}u;
  var acc: ${type} = ${zero};
  for (var t = 0u; t < tiles; t = t + 1u) {
    {
      let row = out_row; let k = t * ${TILE}u + l.x;
      var v: ${type} = ${zero};
      if (row < M && k < K) { v = ${loadA}; }
      tile_a[l.y][l.x] = v;
    }
    {
      let col = out_col; let k = t * ${TILE}u + l.y;
      var v: ${type} = ${zero};
      if (col < N && k < K) { v = ${loadB}; }
      tile_b[l.y][l.x] = v;
    }
    workgroupBarrier();
    for (var k = 0u; k < ${TILE}u; k = k + 1u) {
      acc = acc + tile_a[l.y][k] * tile_b[k][l.x];
    }
    workgroupBarrier();
  }
  if (out_row < M && out_col < N) { out[(b_idx * M + out_row) * N + out_col] = acc; }
}`;
  for (let offset = 0; offset < batch; offset += MAX_BATCH_PER_DISPATCH) {
    const chunk = Math.min(MAX_BATCH_PER_DISPATCH, batch - offset);
    rt.dispatch({
      key: `matmul:${a.dtype}:${transposeA ? 'T' : 'N'}${transposeB ? 'T' : 'N'}`,
      source,
      params: new ParamBlock().u32(M, N, K, batchA === 1 ? 0 : M * K, batchB === 1 ? 0 : K * N, offset).toArray(),
      buffers: [a.buffer, b.buffer, out],
      workgroups: [Math.ceil(N / TILE), Math.ceil(M / TILE), chunk],
    });
  }
}
