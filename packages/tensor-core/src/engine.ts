/**
 * Engine state: live-tensor tracking, `tidy` scopes, recording on/off, and the one point where
 * executed ops are reported to the trace observers (trace.ts): the autodiff package's tape (e.g.
 * @nabla/autograd's, attached by `installAutodiff`) and those of `withTrace`. tensor-core itself
 * holds no gradient code.
 */
import type { Tensor } from './tensor.js';
import type { OpAttrMap, OpName } from './op-attrs.js';
import { NablaError } from './errors.js';
import { attachTrace, insideOp, reportOp, type TraceObserver, type UnrecordedOpAttrMap, type UnrecordedOpName } from './trace.js';

/** Options for Tensor.backward(). */
export interface BackwardOptions {
  /** Keep the recorded graph (and its saved tensors) after backward. */
  readonly retainGraph?: boolean;
  /** Record the backward computation itself so it can be differentiated again. */
  readonly createGraph?: boolean;
}

/** What an autodiff package plugs into the engine. */
export interface AutodiffHooks {
  /**
   * The tape: a trace observer attached for good, which sees every op; it records the ops
   * reported with `recorded: true` while {@link isRecording} is true.
   */
  readonly tape: TraceObserver;
  /** Implements Tensor.backward(). */
  backward(root: Tensor, grad: Tensor | undefined, options: BackwardOptions): void;
}

interface EngineState {
  hooks: AutodiffHooks | null;
  /** Detaches the installed hooks' tape from the trace observers. */
  detachTape: (() => void) | null;
  /** > 0 while recording is suspended (inside ops, noGrad, ...). */
  pause: number;
  scopes: Set<Tensor>[];
  /** Tensors created and not yet disposed. */
  live: number;
  nextId: number;
  /** Tensors passed to `keep` inside a tidy, computed (if deferred) when the outermost tidy ends. */
  keptInTidy: Tensor[];
}

const state: EngineState = { hooks: null, detachTape: null, pause: 0, scopes: [], live: 0, nextId: 0, keptInTidy: [] };

/**
 * Install the autodiff package's hooks (called once by @nabla/autograd on import): its tape is
 * attached as a trace observer, replacing the tape of hooks installed before.
 */
export function installAutodiff(hooks: AutodiffHooks): void {
  state.detachTape?.();
  state.hooks = hooks;
  state.detachTape = attachTrace(hooks.tape);
}

/** The installed autodiff hooks, or an error explaining how to get them. */
export function autodiffHooks(op: string): AutodiffHooks {
  if (!state.hooks) throw new NablaError(op, "no autodiff engine installed: import '@nabla/autograd' to use gradients");
  return state.hooks;
}

/** True while ops are being recorded for autodiff. */
export function isRecording(): boolean {
  return state.hooks !== null && state.pause === 0;
}

/** Run `fn` with op recording suspended (used inside ops and by noGrad). */
export function withoutRecording<T>(fn: () => T): T {
  state.pause++;
  try {
    return fn();
  } finally {
    state.pause--;
  }
}

/** Run `fn` with recording forced on even inside a paused region (higher-order gradients). */
export function withRecording<T>(fn: () => T): T {
  const saved = state.pause;
  state.pause = 0;
  try {
    return fn();
  } finally {
    state.pause = saved;
  }
}

/** Run an op's own computation: recording paused, and its inner ops hidden from traces. */
export function computeOp<T>(fn: () => T): T {
  state.pause++;
  try {
    return insideOp(fn);
  } finally {
    state.pause--;
  }
}

/**
 * The one tracing point for recorded ops: every trace observer sees it, the autodiff tape among
 * them (which records it when recording is on).
 */
export function recordOp<K extends OpName>(op: K, inputs: readonly Tensor[], output: Tensor, attrs: OpAttrMap[K]): void {
  reportOp(op, inputs, output, attrs, true);
}

/** Report an op autodiff does not record (a comparison, argmax...) to the `withTrace` observers. */
export function observeUnrecordedOp<K extends UnrecordedOpName>(op: K, inputs: readonly Tensor[], output: Tensor, attrs: UnrecordedOpAttrMap[K]): void {
  reportOp(op, inputs, output, attrs, false);
}

/** A fresh tensor id. */
export function nextTensorId(): number {
  return state.nextId++;
}

/** Count a newly created tensor as live and track it in the innermost tidy scope. */
export function trackTensor(t: Tensor): void {
  state.live++;
  const scope = state.scopes[state.scopes.length - 1];
  if (scope) scope.add(t);
}

/** Forget a disposed tensor (called once per tensor). */
export function untrackTensor(t: Tensor): void {
  state.live--;
  for (const scope of state.scopes) scope.delete(t);
}

/** Forget a tensor the garbage collector found unreachable: it is in no scope (scopes hold their tensors). */
export function forgetUnreachableTensor(): void {
  state.live--;
}

/** Remove a tensor from every enclosing tidy scope so it survives them. */
export function keep<T extends Tensor>(t: T): T {
  if (state.scopes.length > 0 && tensorGuard?.(t) === true && t.storage.deferredProgram !== null) state.keptInTidy.push(t);
  for (const scope of state.scopes) scope.delete(t);
  return t;
}

/** Number of live (not disposed) tensors. */
export function liveTensorCount(): number {
  return state.live;
}

/** Anything `tidy` can return: tensors nested in arrays and plain objects are kept. */
export type TensorContainer = Tensor | number | string | boolean | null | undefined | void | readonly TensorContainer[] | { readonly [key: string]: TensorContainer };

function collect(value: unknown, into: Set<Tensor>, isTensor: (v: unknown) => v is Tensor): void {
  if (isTensor(value)) into.add(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, into, isTensor);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collect(v, into, isTensor);
  }
}

let tensorGuard: ((v: unknown) => v is Tensor) | null = null;

/** Set by tensor.ts: how the engine recognises a Tensor without importing the class. */
export function setTensorGuard(guard: (v: unknown) => v is Tensor): void {
  tensorGuard = guard;
}

/**
 * Run `fn` and dispose every tensor created inside it, except the tensors it returns and those
 * passed to `keep()`. Returned tensors move to the enclosing scope. `fn` must be synchronous.
 */
export function tidy<T extends TensorContainer>(fn: () => T): T {
  const scope = new Set<Tensor>();
  state.scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    state.scopes.pop();
    for (const t of scope) t.dispose();
    throw err;
  }
  state.scopes.pop();
  if (result instanceof Promise) throw new NablaError('tidy', 'fn must be synchronous (it returned a Promise)');
  const kept = new Set<Tensor>();
  if (tensorGuard) collect(result, kept, tensorGuard);
  for (const t of scope) if (!kept.has(t)) t.dispose();
  const parent = state.scopes[state.scopes.length - 1];
  if (parent) {
    for (const t of kept) if (!t.isDisposed) parent.add(t);
  } else {
    // the outermost tidy ended: deferred (fused) results it returns or kept run now, so the
    // buffers of the intermediates it freed are released as they would be without fusion
    for (const t of kept) if (!t.isDisposed) t.storage.materializePending();
    for (const t of state.keptInTidy.splice(0)) if (!t.isDisposed) t.storage.materializePending();
  }
  return result;
}
