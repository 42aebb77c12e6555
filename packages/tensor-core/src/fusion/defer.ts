/**
 * The one entry point of elementwise ops into fusion: with fusion on, the result is a deferred
 * program over its inputs (validated already by the op); off, the kernel runs at once. Chains are
 * cut here, when they are built, so no fused program exceeds the limits of limits.ts.
 */
import { checkAllocation } from '../allocation.js';
import type { Backend } from '../backend.js';
import type { DType } from '../dtype.js';
import { ProgramBuilder, convertScalar, programKey } from '../elementwise/builder.js';
import type { ElementwiseProgram, ElementwiseStep } from '../elementwise/program.js';
import { sizeOf, stridesOf } from '../shape.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';
import type { DeferredElementwise, DeferredInput } from './deferred.js';
import { inlinable } from './inline.js';
import { MAX_DEFERRED_DEPTH, MAX_FUSED_INPUTS, MAX_FUSED_STEPS } from './limits.js';
import { floatSteps } from './recompute.js';
import { fusionEnabled } from './switch.js';

/** Add the members of `more` missing from `into`. */
function union(into: Storage[], more: readonly Storage[]): void {
  for (const s of more) if (!into.includes(s)) into.push(s);
}

/** Estimates of the fused program `program` over `inputs` would run as now. */
function plan(program: ElementwiseProgram, inputs: readonly DeferredInput[], outSize: number): { steps: number; floatSteps: number; leaves: Storage[]; depth: number } {
  let steps = program.steps.length;
  let float = floatSteps(program);
  const leaves: Storage[] = [];
  let depth = 0;
  for (const input of inputs) {
    const inner = inlinable(input, outSize);
    if (inner !== null) {
      steps += inner.fusedSteps;
      float += inner.fusedFloatSteps;
      union(leaves, inner.fusedLeaves);
    } else {
      union(leaves, [input.storage]);
    }
    const pending = input.storage.deferredProgram;
    if (pending !== null) depth = Math.max(depth, pending.depth);
  }
  return { steps, floatSteps: float, leaves, depth: depth + 1 };
}

/**
 * `program` on `inputs` broadcast to `outShape` (dtype `dtype`), computed by `op`: a deferred
 * result when fusion is on, else the kernel's result. Shapes and dtypes must be checked before.
 */
export function elementwiseResult(op: string, backend: Backend, program: ElementwiseProgram, inputs: readonly Tensor[], outShape: readonly number[], dtype: DType): Tensor {
  // off, or on a backend that can run nothing more (a lost device): the kernel runs (or fails) now
  if (!fusionEnabled() || backend.usable === false) return Tensor.fromKernel(backend, backend.elementwise(program, inputs, outShape), outShape, dtype);
  checkAllocation(op, backend, outShape, dtype);
  return deferred(op, backend, program, inputs.map((t) => ({ storage: t.storage, shape: t.shape })), outShape, dtype);
}

/** Whether views of tensors are deferred (read in place by the programs that consume them). */
export function viewsDeferred(backend: Backend): boolean {
  return fusionEnabled() && backend.usable !== false;
}

/** The one-step program copying its input of `dtype` (what a view runs when it is not inlined). */
const identities = new Map<DType, ElementwiseProgram>();
function identity(dtype: DType): ElementwiseProgram {
  let program = identities.get(dtype);
  if (program === undefined) {
    const builder = new ProgramBuilder();
    builder.cast(builder.input(dtype), dtype);
    program = builder.build();
    identities.set(dtype, program);
  }
  return program;
}

/**
 * The box of `size` starting at `begin` of `x` as a deferred strided view of `x`'s values: the
 * elementwise programs reading it read `x` in place; read by anything else, it is copied once.
 * Only when {@link viewsDeferred}; arguments checked before.
 */
export function sliceView(op: string, backend: Backend, x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
  checkAllocation(op, backend, size, x.dtype);
  const strides = stridesOf(x.shape);
  let offset = 0;
  for (let d = 0; d < begin.length; d++) offset += begin[d] * strides[d];
  return deferred(op, backend, identity(x.dtype), [{ storage: x.storage, shape: size, view: { offset, strides } }], size, x.dtype);
}

/** A deferred result of `program` over `operands`, cutting the chain where it grew too long. */
function deferred(op: string, backend: Backend, program: ElementwiseProgram, operands: readonly DeferredInput[], outShape: readonly number[], dtype: DType): Tensor {
  const size = sizeOf(outShape);
  let estimate = plan(program, operands, size);
  if (estimate.steps > MAX_FUSED_STEPS || estimate.leaves.length > MAX_FUSED_INPUTS || estimate.depth > MAX_DEFERRED_DEPTH) {
    // the chain is long enough: its deferred inputs run now, this op starts a new one
    for (const input of operands) input.storage.materializePending();
    estimate = plan(program, operands, size);
  }
  const node: DeferredElementwise = {
    op, program, inputs: operands, outShape, outSize: size,
    fusedSteps: estimate.steps, fusedFloatSteps: estimate.floatSteps, fusedLeaves: estimate.leaves, depth: estimate.depth,
  };
  return new Tensor(Storage.deferred(backend, node, dtype, size), outShape);
}

/** Key strings of the one-constant programs, per dtype (built once: one is made per number operand). */
const constantKeys = new Map<DType, string>();

/** The program of one constant `value` of `dtype` (what ProgramBuilder builds, without its checks). */
function constantProgram(value: number, dtype: DType): ElementwiseProgram {
  const steps: ElementwiseStep[] = [{ kind: 'const', value: convertScalar(value, dtype), dtype }];
  let key = constantKeys.get(dtype);
  if (key === undefined) {
    key = programKey([], steps);
    constantKeys.set(dtype, key);
  }
  return { inputs: [], steps, key };
}

/** A constant `value` of `dtype` and `shape`, deferred when fusion is on (it then costs no kernel until read). */
export function constantResult(op: string, backend: Backend, value: number, shape: readonly number[], dtype: DType): Tensor {
  const size = sizeOf(shape);
  if (!fusionEnabled() || backend.usable === false) return Tensor.fromKernel(backend, backend.fill(size, value, dtype), shape, dtype);
  checkAllocation(op, backend, shape, dtype);
  const program = constantProgram(value, dtype);
  const node: DeferredElementwise = { op, program, inputs: [], outShape: shape, outSize: size, fusedSteps: 1, fusedFloatSteps: 0, fusedLeaves: [], depth: 1 };
  return new Tensor(Storage.deferred(backend, node, dtype, size), shape);
}
