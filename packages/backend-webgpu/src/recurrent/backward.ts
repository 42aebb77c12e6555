/**
 * The fused LSTM cell backward: one invocation per (row, column j < H) recomputes the gate
 * activations from the pre-activations, reads c' from the forward output, and writes the four gate
 * gradients and both halves of the state gradient (0 for h, which the cell does not read; dc·f for c).
 */
import type { GPUInput } from '../storage/gpu-data.js';
import type { GPURuntime } from '../runtime/gpu-runtime.js';
import { FLOAT_MATH } from '../wgsl/float-math.js';
import { ELEMENTWISE_WORKGROUP, PRELUDE, bindings, entryPoint, linearIds, workgroupsFor } from '../wgsl/prelude.js';
import { ACTIVATIONS, CELL_INDEX, lstmShapeOf, params } from './shared.js';

/** The two gradient outputs. */
export interface LstmCellGradBuffers {
  /** [B, 4H]: gradient of the gate pre-activations. */
  readonly dGates: GPUBuffer;
  /** [B, 2H]: gradient of the state [h | c]. */
  readonly dState: GPUBuffer;
}

/** Gradients of the cell given gates [B, 4H], state, out and dOut [B, 2H]. */
export function lstmCellBackward(rt: GPURuntime, gates: GPUInput, state: GPUInput, out: GPUInput, dOut: GPUInput, grads: LstmCellGradBuffers): void {
  const s = lstmShapeOf('lstmCellBackward', gates, state, out, dOut);
  if (s.B * s.H === 0) return;
  rt.dispatch({
    key: 'lstmCellBackward',
    source: () => /* wgsl */ `${PRELUDE}${FLOAT_MATH}${ACTIVATIONS}
${bindings([['gates', 'f32'], ['state', 'f32'], ['cell_out', 'f32'], ['d_out', 'f32']], [['d_gates', 'f32'], ['d_state', 'f32']])}
${entryPoint(ELEMENTWISE_WORKGROUP)}
  ${linearIds(ELEMENTWISE_WORKGROUP)}
  ${CELL_INDEX}
  let t = tanh_of(cell_out[si + h]);
  let dh = d_out[si];
  let dc = d_out[si + h] + dh * o * (1.0 - t * t);
  d_gates[gi] = dc * g * i * (1.0 - i);
  d_gates[gi + h] = dc * state[si + h] * f * (1.0 - f);
  d_gates[gi + 2u * h] = dh * t * o * (1.0 - o);
  d_gates[gi + 3u * h] = dc * i * (1.0 - g * g);
  d_state[si] = 0.0;
  d_state[si + h] = dc * f;
}`,
    params: params(s),
    buffers: [gates.buffer, state.buffer, out.buffer, dOut.buffer, grads.dGates, grads.dState],
    workgroups: workgroupsFor(s.B * s.H),
  });
}
