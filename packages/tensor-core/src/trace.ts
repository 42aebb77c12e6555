/**
 * The one tracing point: every op the engine runs — recorded ops and the unrecorded ones
 * (comparisons, logical ops, predicates, argmax/argmin, any/all) — is reported to the observers
 * attached with `withTrace` or `attachTrace`, together with the scopes (modules) open when it ran.
 * Autograd builds its tape as a permanent observer (`installAutodiff` attaches it with
 * `attachTrace`); `traceGraph` and the ONNX exporter attach theirs for one call with `withTrace`.
 * Ops run inside another op (a composite's internals) are not reported: the op itself is.
 */
import type { NoAttrs, OpAttrMap, OpName, ReduceAttrs } from './op-attrs.js';
import type { BoolBinaryOp, PredicateOp } from './op-table/derived.js';
import type { Tensor } from './tensor.js';

/** Ops that autograd does not record (no float output) but a trace reports, with their attributes. */
export type UnrecordedOpAttrMap = { readonly [K in PredicateOp | BoolBinaryOp]: NoAttrs } & {
  /** inputs [x]; int32 output */
  readonly argmax: { readonly axis: number };
  readonly argmin: { readonly axis: number };
  /** inputs [x]; bool output */
  readonly any: ReduceAttrs;
  readonly all: ReduceAttrs;
};

/** Ops reported to a trace but not recorded for gradients. */
export type UnrecordedOpName = keyof UnrecordedOpAttrMap;

/** Every op a trace can report. */
export type TracedOpName = OpName | UnrecordedOpName;

/** The attributes of every traceable op. */
export type TracedOpAttrMap = OpAttrMap & UnrecordedOpAttrMap;

/** A scope opened by `traceScope` (e.g. by `Module.call`): who opened it and with which arguments. */
export interface TraceScope {
  /** The object that opened the scope (a module). */
  readonly owner: object;
  /** The arguments it was called with. */
  readonly args: readonly unknown[];
}

/** One executed op, as reported to an observer. */
export interface TracedOpOf<K extends TracedOpName> {
  readonly op: K;
  /** The op's inputs, after dtype promotion (the tensors its kernel read). */
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: TracedOpAttrMap[K];
  /** True for ops autograd records (those in `OpAttrMap`). */
  readonly recorded: K extends OpName ? true : false;
  /** The scopes open when the op ran, outermost first. */
  readonly scopes: readonly TraceScope[];
}

/** One executed op of any name (narrow on `op`). */
export type TracedOp = { [K in TracedOpName]: TracedOpOf<K> }[TracedOpName];

/** How a scope ended: with the value its function returned, or by throwing. */
export type ScopeOutcome = { readonly threw: false; readonly result: unknown } | { readonly threw: true };

/** What `withTrace` reports to. Every member is optional. */
export interface TraceObserver {
  /** An op ran (outside any other op). */
  onOp?(op: TracedOp): void;
  /** A scope opened; `depth` is the number of scopes already open. */
  enterScope?(scope: TraceScope, depth: number): void;
  /** The scope opened last closed. */
  exitScope?(scope: TraceScope, outcome: ScopeOutcome): void;
}

/** Every attached observer, permanent ones (`attachTrace`) and those of running `withTrace` calls. */
const observers: TraceObserver[] = [];
/** How many `withTrace` calls are running: scopes are tracked only while one is. */
let scopedTraces = 0;
/** The open scopes, outermost first; replaced (never mutated) on each change, so events can share it. */
let scopes: readonly TraceScope[] = [];
/** > 0 while an op's own computation runs (its inner ops are not reported). */
let insideOps = 0;

/**
 * True while a `withTrace` call is running (the one check `Module.call` makes before opening a
 * scope). Permanent observers such as autograd's tape do not count: they do not read scopes.
 */
export function isTracing(): boolean {
  return scopedTraces !== 0;
}

/**
 * Attach `observer` until the returned function is called: it sees every op from now on (not
 * scopes, unless a `withTrace` call is running). This is how autograd builds its tape; for a
 * trace of one computation use {@link withTrace}.
 */
export function attachTrace(observer: TraceObserver): () => void {
  observers.push(observer);
  let attached = true;
  return () => {
    if (!attached) return;
    attached = false;
    const at = observers.lastIndexOf(observer);
    if (at >= 0) observers.splice(at, 1);
  };
}

/**
 * Run `fn` with `observer` attached: every op, scope entry and scope exit inside it is reported.
 * Traces nest: an inner `withTrace` adds its observer, and the outer one keeps seeing everything.
 * The observer is detached when `fn` returns or throws.
 */
export function withTrace<T>(observer: TraceObserver, fn: () => T): T {
  const detach = attachTrace(observer);
  scopedTraces++;
  try {
    return fn();
  } finally {
    scopedTraces--;
    detach();
  }
}

/**
 * Run `fn` inside a scope owned by `owner` (what `Module.call` does), so the ops it runs are
 * reported with the scope on their stack. Without an observer it only calls `fn`.
 */
export function traceScope<T>(owner: object, args: readonly unknown[], fn: () => T): T {
  if (scopedTraces === 0) return fn();
  const scope: TraceScope = { owner, args };
  for (const o of [...observers]) o.enterScope?.(scope, scopes.length);
  const outer = scopes;
  scopes = [...outer, scope];
  let outcome: ScopeOutcome = { threw: true };
  try {
    const result = fn();
    outcome = { threw: false, result };
    return result;
  } finally {
    scopes = outer;
    for (const o of [...observers]) o.exitScope?.(scope, outcome);
  }
}

/** Run an op's own computation: ops inside it are not reported to traces (the op is, afterwards). */
export function insideOp<T>(fn: () => T): T {
  insideOps++;
  try {
    return fn();
  } finally {
    insideOps--;
  }
}

/**
 * Report an executed op to the attached observers (called by the engine, whose callers type
 * `attrs` by op; a no-op without observers).
 */
export function reportOp(op: TracedOpName, inputs: readonly Tensor[], output: Tensor, attrs: object, recorded: boolean): void {
  const n = observers.length;
  if (n === 0 || insideOps !== 0) return;
  const event = { op, inputs: [...inputs], output, attrs, recorded, scopes } as unknown as TracedOp;
  if (n === 1) {
    observers[0].onOp?.(event);
    return;
  }
  for (const o of [...observers]) o.onOp?.(event);
}
