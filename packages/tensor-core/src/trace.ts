/**
 * The one tracing point: every op the engine runs — recorded ops and the unrecorded ones
 * (comparisons, logical ops, predicates, argmax/argmin, any/all) — is reported to the observers
 * attached with `withTrace`, together with the scopes (modules) open when it ran. Autograd's tape
 * is the engine's permanent observer of recorded ops (`installAutodiff`); `traceGraph` and the
 * ONNX exporter attach theirs with `withTrace`. Ops run inside another op (a composite's
 * internals) are not reported: the op itself is.
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

const observers: TraceObserver[] = [];
const scopes: TraceScope[] = [];
/** > 0 while an op's own computation runs (its inner ops are not reported). */
let insideOps = 0;

/** True while at least one observer is attached (the one check the hot paths make). */
export function isTracing(): boolean {
  return observers.length !== 0;
}

/**
 * Run `fn` with `observer` attached: every op, scope entry and scope exit inside it is reported.
 * Traces nest: an inner `withTrace` adds its observer, and the outer one keeps seeing everything.
 * The observer is detached when `fn` returns or throws.
 */
export function withTrace<T>(observer: TraceObserver, fn: () => T): T {
  observers.push(observer);
  try {
    return fn();
  } finally {
    const at = observers.lastIndexOf(observer);
    if (at >= 0) observers.splice(at, 1);
  }
}

/**
 * Run `fn` inside a scope owned by `owner` (what `Module.call` does), so the ops it runs are
 * reported with the scope on their stack. Without an observer it only calls `fn`.
 */
export function traceScope<T>(owner: object, args: readonly unknown[], fn: () => T): T {
  if (observers.length === 0) return fn();
  const scope: TraceScope = { owner, args };
  for (const o of [...observers]) o.enterScope?.(scope, scopes.length);
  scopes.push(scope);
  let outcome: ScopeOutcome = { threw: true };
  try {
    const result = fn();
    outcome = { threw: false, result };
    return result;
  } finally {
    scopes.pop();
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
  if (observers.length === 0 || insideOps !== 0) return;
  const event = { op, inputs: [...inputs], output, attrs, recorded, scopes: [...scopes] } as unknown as TracedOp;
  for (const o of [...observers]) o.onOp?.(event);
}
