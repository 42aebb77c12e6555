/**
 * Tracing for export: run a model's forward once under tensor-core's `withTrace`, capturing every
 * op (comparisons and other ops without gradient included) with the module (dotted path and
 * class) whose `call` scope issued it. LeakyReLU and ELU layers are captured as whole layers (ONNX
 * has an op for each), and so are the recurrent layers when they are to become ONNX's RNN, GRU
 * and LSTM ops: their scope's inner ops are skipped. Nothing global is swapped or patched.
 */
import '@nabla/autograd';
import {
  isTensor, withTrace, withoutRecording,
  type ScopeOutcome, type TraceObserver, type TraceScope, type TracedOp, type TracedOpAttrMap, type TracedOpName, type Tensor,
} from '@nabla/tensor-core';
import { ELU, LeakyReLU } from '../../activations/modules.js';
import { GRU } from '../../recurrent/gru.js';
import { LSTM, type LSTMState } from '../../recurrent/lstm.js';
import { SimpleRNN } from '../../recurrent/simple-rnn.js';
import type { AnyModule } from '../../module/module.js';
import { rawOf } from './host-bytes.js';

/** The module that issued a traced step. */
export interface ModuleRef {
  /** Dotted path from the exported model ('' for the model itself). */
  readonly path: string;
  /** Class name, e.g. 'Dense'. */
  readonly className: string;
}

/** One traced tensor-core op. */
export interface TracedStepOp {
  readonly kind: 'op';
  readonly op: TracedOpName;
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: TracedOpAttrMap[TracedOpName];
  readonly module: ModuleRef;
}

/** A layer exported as one ONNX op (its internal ops are not recorded). */
export interface TracedActivation {
  readonly kind: 'activation';
  readonly opType: 'LeakyRelu' | 'Elu';
  readonly alpha: number;
  readonly input: Tensor;
  readonly output: Tensor;
  readonly module: ModuleRef;
}

/** A recurrent layer exported as ONNX's own RNN, GRU or LSTM op (its internal ops are not recorded). */
export interface TracedRecurrent {
  readonly kind: 'recurrent';
  readonly layer: SimpleRNN | GRU | LSTM;
  readonly input: Tensor;
  /** Initial states [numLayers, B, H] when given. */
  readonly h0: Tensor | undefined;
  readonly c0: Tensor | undefined;
  readonly output: Tensor;
  readonly h: Tensor;
  readonly c: Tensor | undefined;
  readonly module: ModuleRef;
}

/** A traced step. */
export type TraceStep = TracedStepOp | TracedActivation | TracedRecurrent;

/** How the tracer treats layers that have an ONNX op of their own. */
export interface TraceOptions {
  /** Capture SimpleRNN, GRU and LSTM whole (as ONNX RNN/GRU/LSTM ops) instead of their unrolled ops. */
  readonly nativeRecurrent: boolean;
}

function recurrentStep(m: AnyModule, args: readonly unknown[], out: unknown, module: ModuleRef): TracedRecurrent | null {
  if (!(m instanceof SimpleRNN || m instanceof GRU || m instanceof LSTM) || !isTensor(args[0])) return null;
  const r = out as { output?: unknown; h?: unknown; c?: unknown };
  if (!isTensor(r.output) || !isTensor(r.h)) return null;
  const state = args[1];
  const h0 = m instanceof LSTM ? (state as LSTMState | undefined)?.h : isTensor(state) ? state : undefined;
  const c0 = m instanceof LSTM ? (state as LSTMState | undefined)?.c : undefined;
  return { kind: 'recurrent', layer: m, input: args[0], h0, c0, output: r.output, h: r.h, c: isTensor(r.c) ? r.c : undefined, module };
}

/** A tensor read by a traced op that no traced op produced and that is not an input or state tensor, captured when first read. */
export interface CapturedConstant {
  readonly raw: Uint8Array;
}

/** What one traced forward produced. */
export interface Trace {
  readonly steps: readonly TraceStep[];
  /** Constants by tensor, their values copied when first read (the tensor may be disposed since). */
  readonly constants: ReadonlyMap<Tensor, CapturedConstant>;
  /** The forward's result, as returned. */
  readonly result: unknown;
}

function activationOf(m: AnyModule): { opType: 'LeakyRelu' | 'Elu'; alpha: number } | null {
  if (m instanceof LeakyReLU) return { opType: 'LeakyRelu', alpha: m.negativeSlope };
  if (m instanceof ELU) return { opType: 'Elu', alpha: m.alpha };
  return null;
}

/** `module` with a readable location, e.g. "Dense at 'fc1'". */
export function describeModule(m: ModuleRef): string {
  return m.path === '' ? `${m.className} (the exported model)` : `${m.className} at '${m.path}'`;
}

/** What the tracer keeps for each open scope: the module it stands for, and the layer captured whole (if any). */
interface OpenScope {
  readonly module: ModuleRef;
  readonly whole: { readonly activation: ReturnType<typeof activationOf>; readonly recurrent: boolean } | null;
}

/** The `withTrace` observer that turns a forward into export steps. */
class ExportTracer implements TraceObserver {
  readonly steps: TraceStep[] = [];
  readonly constants = new Map<Tensor, CapturedConstant>();
  private readonly produced = new Set<Tensor>();
  private readonly open: OpenScope[] = [];
  private suppressed = 0;

  constructor(
    private readonly refs: ReadonlyMap<object, ModuleRef>,
    private readonly root: ModuleRef,
    private readonly known: ReadonlySet<Tensor>,
    private readonly options: TraceOptions,
  ) {}

  private get module(): ModuleRef {
    return this.open.length > 0 ? this.open[this.open.length - 1].module : this.root;
  }

  private capture(ts: readonly Tensor[]): void {
    for (const t of ts) {
      if (this.produced.has(t) || this.known.has(t) || this.constants.has(t)) continue;
      this.constants.set(t, { raw: rawOf(t) });
    }
  }

  onOp(traced: TracedOp): void {
    if (this.suppressed > 0) return;
    this.capture(traced.inputs);
    this.produced.add(traced.output);
    this.steps.push({ kind: 'op', op: traced.op, inputs: traced.inputs, output: traced.output, attrs: traced.attrs, module: this.module });
  }

  enterScope(scope: TraceScope): void {
    const ref = this.refs.get(scope.owner);
    const m = scope.owner;
    const activation = ref ? activationOf(m as AnyModule) : null;
    const recurrent = ref !== undefined && this.options.nativeRecurrent && (m instanceof SimpleRNN || m instanceof GRU || m instanceof LSTM);
    const whole = (activation !== null || recurrent) && this.suppressed === 0 && isTensor(scope.args[0]);
    if (whole) {
      const state: unknown = scope.args[1];
      const given = [scope.args[0], state, ...(state !== null && typeof state === 'object' && !isTensor(state) ? Object.values(state) : [])];
      this.capture(given.filter((v): v is Tensor => isTensor(v)));
      this.suppressed++;
    }
    this.open.push({ module: ref ?? this.module, whole: whole ? { activation, recurrent } : null });
  }

  exitScope(scope: TraceScope, outcome: ScopeOutcome): void {
    const closing = this.open.pop();
    if (!closing?.whole) return;
    this.suppressed--;
    if (outcome.threw) return;
    const out = outcome.result;
    const { activation, recurrent } = closing.whole;
    if (activation !== null && isTensor(out)) {
      this.produced.add(out);
      this.steps.push({ kind: 'activation', ...activation, input: scope.args[0] as Tensor, output: out, module: closing.module });
    }
    const step = recurrent ? recurrentStep(scope.owner as AnyModule, scope.args, out, closing.module) : null;
    if (step) {
      for (const t of [step.output, step.h, step.c]) if (t) this.produced.add(t);
      this.steps.push(step);
    }
  }
}

/**
 * Run `model.call(...inputs)` once under `withTrace`, capturing every op. Call inside `tidy`: the
 * intermediates are left for the caller to read and then dispose. Gradients are not recorded
 * during the trace; the model is left untouched.
 */
export function traceForward(model: AnyModule, inputs: readonly Tensor[], known: ReadonlySet<Tensor>, options: TraceOptions): Trace {
  const refs = new Map<object, ModuleRef>();
  for (const [path, m] of model.namedModules()) refs.set(m, { path, className: m.constructor.name });
  const root = refs.get(model) as ModuleRef;
  const tracer = new ExportTracer(refs, root, known, options);
  const result = withoutRecording(() => withTrace(tracer, () => (model.call as (...args: Tensor[]) => unknown)(...inputs)));
  return { steps: tracer.steps, constants: tracer.constants, result };
}
