/** The plumbing every op shares: backend checks, kernel output wrapping, and autodiff recording. */
import type { Backend, DataId } from '../backend.js';
import type { DType } from '../dtype.js';
import { computeOp, recordOp, tidy } from '../engine.js';
import { BackendError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import type { OpAttrMap, OpName } from '../op-attrs.js';
import { getBackend } from '../registry.js';
import { Tensor } from '../tensor.js';
import { assertTensor, assertTensorList } from '../arguments.js';
import { enterOp } from '../allocation.js';

/** The backend all `tensors` (any shapes [...]) live on; throws if they are disposed or live on different backends. */
export function backendOf(op: string, tensors: readonly Tensor[]): Backend {
  let backend: Backend | undefined;
  enterOp(op);
  if (!Array.isArray(tensors)) assertTensorList(op, tensors);
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i];
    if (!(t instanceof Tensor)) assertTensor(op, t, tensors.length === 1 ? 'input' : `input ${i}`);
    t.assertAlive(op);
    if (!backend) backend = t.backend;
    else if (t.backend !== backend) {
      throw new BackendError(op, `tensors live on different backends ('${backend.name}' and '${t.backend.name}'); move one with toBackend()`);
    }
  }
  return backend ?? getBackend();
}

/** Wrap a kernel's output buffer in a Tensor of the given `shape`: → [...shape]. */
export function wrap(backend: Backend, dataId: DataId, shape: readonly number[], dtype: DType): Tensor {
  return Tensor.fromKernel(backend, dataId, shape, dtype);
}

/**
 * Compute a recorded op, inputs of any shapes [...] → the shape `compute` returns: `compute` runs with
 * recording paused, its intermediates tidied and its inner ops hidden from traces, then the op is
 * reported once (autodiff hooks and trace observers) with its inputs, output and attributes.
 */
export function runOp<K extends OpName>(op: K, inputs: readonly Tensor[], attrs: OpAttrMap[K], compute: () => Tensor): Tensor {
  const out = computeOp(() => tidy(compute));
  recordOp(op, inputs, out, attrs);
  return out;
}

/**
 * Record an op whose `compute` is one kernel call wrapped as the output (it creates no other
 * tensor and runs no recorded op), inputs of any shapes [...] → the shape `compute` returns:
 * the cheap form of {@link runOp} for the hot single-kernel ops.
 */
export function runKernel<K extends OpName>(op: K, inputs: readonly Tensor[], attrs: OpAttrMap[K], compute: () => Tensor): Tensor {
  computeDeferred(inputs);
  const out = compute();
  recordOp(op, inputs, out, attrs);
  return out;
}

/**
 * {@link runKernel} for the elementwise ops, whose inputs may stay deferred (fusion composes
 * them into the result's program), inputs of any shapes [...] → the shape `compute` returns.
 */
export function runElementwise<K extends OpName>(op: K, inputs: readonly Tensor[], attrs: OpAttrMap[K], compute: () => Tensor): Tensor {
  const out = compute();
  recordOp(op, inputs, out, attrs);
  return out;
}

/**
 * Compute the deferred (fused) values among `tensors` (any shapes [...]) before a routine's
 * kernel reads them: a backend may read an input's buffer after it has started its own work,
 * and must never run another kernel in between.
 */
export function computeDeferred(tensors: readonly (Tensor | null)[]): void {
  for (const t of tensors) if (t !== null && !t.isDisposed) t.storage.materializePending();
}

/** Throws unless `t` has a float dtype. */
export function assertFloat(op: string, t: Tensor): void {
  assertTensor(op, t);
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new DTypeError(op, `expected a float tensor, got ${t.dtype} ${fmtShape(t.shape)}`);
  }
}

/** Throws unless `t` has exactly `rank` dimensions. */
export function assertRank(op: string, t: Tensor, rank: number, what = 'input'): void {
  assertTensor(op, t, what);
  if (t.rank !== rank) {
    throw new ShapeError(op, `${what} must have rank ${rank}, got shape ${fmtShape(t.shape)}`);
  }
}
