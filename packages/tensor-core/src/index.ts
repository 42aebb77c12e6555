/**
 * @nabla/tensor-core — tensors, ops and the one Backend interface.
 * Composite ops are written once here on top of backend primitives; gradients live in @nabla/autograd.
 */
export * from './backend.js';
export * from './op-table/index.js';
export * from './elementwise/index.js';
export * from './dtype.js';
export * from './errors.js';
export * from './shape.js';
export { describeValue } from './describe-value.js';
export { assertTensor, assertTensorList } from './arguments.js';
export * from './rng.js';
export * from './op-attrs.js';
export * from './memory.js';
export { setPrintOptions, getPrintOptions, type PrintOptions } from './print/options.js';
export {
  ALLOCATION_LIMIT_ENV, DEFAULT_ALLOCATION_LIMIT, allocationLimit, checkAllocation, currentOpName, formatBytes,
  guardAllocation, setAllocationLimit,
} from './allocation.js';
export {
  registerBackend, setBackend, getBackend, ready, listBackends, findBackend, backendName,
  type BackendFactory, type RegisterOptions, type ReadyOptions,
} from './registry.js';
export {
  tidy, keep, installAutodiff, autodiffHooks, isRecording, withoutRecording, withRecording,
  type AutodiffHooks, type BackwardOptions, type TensorContainer,
} from './engine.js';
export {
  withTrace, attachTrace, traceScope, isTracing,
  type TraceObserver, type TracedOp, type TracedOpOf, type TracedOpName, type TracedOpAttrMap, type TraceScope, type ScopeOutcome,
  type UnrecordedOpName, type UnrecordedOpAttrMap,
} from './trace.js';
export { Storage } from './storage.js';
export { FUSION_ENV, fusionEnabled, setFusion } from './fusion/switch.js';
export { flushFusion, pendingFusionCount } from './fusion/materialize.js';
export { releaseWhenUnreachable } from './unreachable.js';
export { synchronize } from './device-checks.js';
export { Tensor, isTensor, type NestedArray, type TensorLike } from './tensor.js';
export * from './ops/index.js';
export type { ReduceOptions, VarianceOptions } from './ops/reduce.js';
export type { MatmulOptions } from './ops/matmul.js';
export type { Conv2dOptions, Conv1dOptions } from './ops/conv.js';
export type { Pool2dOptions } from './ops/pool.js';
export type { RandomOptions } from './ops/creation.js';
