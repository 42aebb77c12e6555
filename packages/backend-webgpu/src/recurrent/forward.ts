/**
 * The fused LSTM cell forward: one invocation per (row, column j < H) reads the four gate
 * pre-activations and the previous cell c, and writes h' = o·tanh(c') and c' = f·c + i·g.
 */
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { FLOAT_MATH } from '../wgsl/float-math.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';
import { ACTIVATIONS, CELL_INDEX, lstmShapeOf, params } from './shared.js';

/** gates [B, 4H], state [B, 2H] → `out` [B, 2H] = [h' | c']. */
export function lstmCellForward(rt: GPURuntime, gates: GPUInput, state: GPUInput, out: GPUBuffer): void {
  const s = lstmShapeOf('lstmCell', gates, state);
  if (s.B * s.H === 0) return;
  rt.dispatch({
    key: 'lstmCell',
    source: () => /* wgsl */ `${PRELUDE}${FLOAT_MATH}${ACTIVATIONS}
${bindings([['gates', 'f32'], ['state', 'f32']], [['out', 'f32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  ${CELL_INDEX}
  let c_next = f * state[si + h] + i * g;
  out[si] = o * tanh_of(c_next);
  out[si + h] = c_next;
}`,
    params: params(s),
    buffers: [gates.buffer, state.buffer, out],
    workgroups: workgroupsFor(s.B * s.H),
  });
}
