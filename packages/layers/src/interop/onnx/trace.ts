/**
 * Tracing: run a model's forward once with every recorded tensor-core op captured, together with
 * the module (dotted path and class) that issued it. LeakyReLU and ELU are captured as whole
 * layers, because their composite uses a comparison, which tensor-core does not record; so are
 * the recurrent layers when they are to become ONNX's RNN, GRU and LSTM ops.
 */
import '@nabla/autograd';
import {
  autodiffHooks, installAutodiff, isTensor, scalar, withRecording,
  type AutodiffHooks, type OpAttrMap, type OpName, type Tensor,
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

/** One recorded tensor-core op. */
export interface TracedOp {
  readonly kind: 'op';
  readonly op: OpName;
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: OpAttrMap[OpName];
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
export type TraceStep = TracedOp | TracedActivation | TracedRecurrent;

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
  /** Created during the forward (rather than before it, like a tensor held by a module). */
  readonly createdInForward: boolean;
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

/**
 * Run `model.forward(...inputs)` once, recording every op. Call inside `tidy`: the intermediates
 * are left for the caller to read and then dispose. The engine's hooks and every module's
 * `forward` are restored afterwards, even when the forward throws.
 */
export function traceForward(model: AnyModule, inputs: readonly Tensor[], known: ReadonlySet<Tensor>, options: TraceOptions): Trace {
  const steps: TraceStep[] = [];
  const produced = new Set<Tensor>();
  const constants = new Map<Tensor, CapturedConstant>();
  const stack: ModuleRef[] = [{ path: '', className: model.constructor.name }];
  let suppressed = 0;
  const original = autodiffHooks('exportOnnx');
  const probe = scalar(0);
  const firstId = probe.id;
  probe.dispose();
  const capture = (ts: readonly Tensor[]): void => {
    for (const t of ts) {
      if (produced.has(t) || known.has(t) || constants.has(t)) continue;
      constants.set(t, { raw: rawOf(t), createdInForward: t.id >= firstId });
    }
  };
  const tracer: AutodiffHooks = {
    record(op, opInputs, output, attrs) {
      if (suppressed > 0) return;
      capture(opInputs);
      produced.add(output);
      steps.push({ kind: 'op', op, inputs: [...opInputs], output, attrs, module: stack[stack.length - 1] });
    },
    backward: (root, grad, options) => original.backward(root, grad, options),
  };
  const restores: (() => void)[] = [];
  try {
    for (const [path, m] of model.namedModules()) {
      const own = Object.getOwnPropertyDescriptor(m, 'forward');
      const inner = m.forward;
      const activation = activationOf(m);
      const recurrent = options.nativeRecurrent && (m instanceof SimpleRNN || m instanceof GRU || m instanceof LSTM);
      const ref: ModuleRef = { path, className: m.constructor.name };
      const traced = (...args: never[]): unknown => {
        stack.push(ref);
        const whole = (activation !== null || recurrent) && suppressed === 0 && isTensor(args[0]);
        if (whole) {
          const state: unknown = args[1];
          const given = [args[0], state, ...(state !== null && typeof state === 'object' && !isTensor(state) ? Object.values(state) : [])];
          capture(given.filter((v): v is Tensor => isTensor(v)));
          suppressed++;
        }
        try {
          const out = inner.apply(m, args);
          if (whole && activation !== null && isTensor(out)) {
            produced.add(out);
            steps.push({ kind: 'activation', ...activation, input: args[0] as Tensor, output: out, module: ref });
          }
          const step = whole && recurrent ? recurrentStep(m, args, out, ref) : null;
          if (step) {
            for (const t of [step.output, step.h, step.c]) if (t) produced.add(t);
            steps.push(step);
          }
          return out;
        } finally {
          if (whole) suppressed--;
          stack.pop();
        }
      };
      Object.defineProperty(m, 'forward', { value: traced, configurable: true, writable: true, enumerable: false });
      restores.push(() => (own ? Object.defineProperty(m, 'forward', own) : Reflect.deleteProperty(m, 'forward')));
    }
    installAutodiff(tracer);
    const result = withRecording(() => (model.forward as (...args: Tensor[]) => unknown)(...inputs));
    return { steps, constants, result };
  } finally {
    installAutodiff(original);
    for (const restore of restores) restore();
  }
}
