/**
 * What SimpleRNN, LSTM and GRU share: PyTorch's parameter names and layouts per layer k
 * (weight_ih_l{k} [G·H, I], weight_hh_l{k} [G·H, H], bias_ih_l{k} [G·H], bias_hh_l{k} [G·H]),
 * batch-first input checks, initial-state handling and the layer-by-layer time loop.
 */
import { assertTensor, ArgumentError, ShapeError, add, concat, matmul, slice, stack, unstack, zeros, type Tensor } from '@nabla/tensor-core';
import { Module } from '../module/module.js';
import { fanUniform, type Initializer } from '../init/initializers.js';
import { resolveRng, type InitRngOptions } from '../init/rng-option.js';
import { Dropout } from '../regularization/dropout.js';

/** Options shared by the recurrent layers. */
export interface RecurrentOptions extends InitRngOptions {
  /** Stacked layers (default 1); layer k > 0 reads layer k−1's output sequence. */
  readonly numLayers?: number;
  /**
   * Dropout probability on each layer's output sequence except the last layer's, in training mode
   * (PyTorch's `dropout`; default 0).
   */
  readonly dropout?: number;
  /** Learn bias_ih and bias_hh (default true). */
  readonly bias?: boolean;
  /** Initialiser for weight_ih (default PyTorch's U(±1/√H)). */
  readonly inputWeightInit?: Initializer;
  /** Initialiser for weight_hh (default PyTorch's U(±1/√H); `orthogonalInit()` is a good alternative). */
  readonly recurrentWeightInit?: Initializer;
}

/** One layer's parameters for a time step. */
export interface LayerWeights {
  readonly weightIh: Tensor;
  readonly weightHh: Tensor;
  readonly biasIh: Tensor | null;
  readonly biasHh: Tensor | null;
}

/**
 * Base of the recurrent layers. Input [B, T, inputSize] (batch first). `gates` is G: 1 for the
 * plain RNN, 4 for LSTM (i, f, g, o), 3 for GRU (r, z, n).
 */
export abstract class RecurrentBase<I extends unknown[], O> extends Module<I, O> {
  /** Features per time step of the input. */
  readonly inputSize: number;
  /** Size of the hidden state. */
  readonly hiddenSize: number;
  /** Number of stacked layers. */
  readonly numLayers: number;
  /** Whether the layers have biases. */
  readonly hasBias: boolean;
  /** Dropout probability between stacked layers (training mode only). */
  readonly dropoutP: number;
  readonly #dropout: Dropout | null;

  protected constructor(op: string, gates: number, inputSize: number, hiddenSize: number, options: RecurrentOptions) {
    super();
    const numLayers = options.numLayers ?? 1;
    for (const [name, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize], ['numLayers', numLayers]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ArgumentError(op, `${name} must be a positive integer, got ${v}`);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.hasBias = options.bias ?? true;
    const p = options.dropout ?? 0;
    if (!(p >= 0 && p <= 1)) throw new ArgumentError(op, `dropout must be in [0, 1], got ${p}`);
    this.dropoutP = p;
    const rng = resolveRng(options);
    this.#dropout = p > 0 && numLayers > 1 ? new Dropout(p, { rng }) : null;
    const uniform = fanUniform(hiddenSize);
    const g = gates * hiddenSize;
    for (let k = 0; k < numLayers; k++) {
      const inSize = k === 0 ? inputSize : hiddenSize;
      this.registerParameter(`weight_ih_l${k}`, (options.inputWeightInit ?? uniform)([g, inSize], rng));
      this.registerParameter(`weight_hh_l${k}`, (options.recurrentWeightInit ?? uniform)([g, hiddenSize], rng));
      if (this.hasBias) {
        this.registerParameter(`bias_ih_l${k}`, uniform([g], rng));
        this.registerParameter(`bias_hh_l${k}`, uniform([g], rng));
      }
    }
  }

  /** Layer k's weights. */
  protected layerWeights(k: number): LayerWeights {
    return {
      weightIh: this.tensorField(`weight_ih_l${k}`),
      weightHh: this.tensorField(`weight_hh_l${k}`),
      biasIh: this.hasBias ? this.tensorField(`bias_ih_l${k}`) : null,
      biasHh: this.hasBias ? this.tensorField(`bias_hh_l${k}`) : null,
    };
  }

  /** Layer k's output sequence as the next layer reads it: dropped out in training mode unless k is the last layer. */
  protected betweenLayers(seq: Tensor, k: number): Tensor {
    if (!this.#dropout || k === this.numLayers - 1) return seq;
    this.#dropout.training = this.training;
    return this.#dropout.forward(seq);
  }

  /** Checks x is [B, T, inputSize]; returns [B, T]. */
  protected checkInput(op: string, x: Tensor): [number, number] {
    assertTensor(op, x, 'input');
    if (x.rank !== 3 || x.shape[2] !== this.inputSize) {
      throw new ShapeError(op, `input must be [batch, time, ${this.inputSize}] (batch first), got [${x.shape.join(',')}]`);
    }
    if (x.shape[1] === 0) throw new ShapeError(op, `input [${x.shape.join(',')}] has no time steps`);
    return [x.shape[0], x.shape[1]];
  }

  /** Per-layer initial states [B, H] from an optional [numLayers, B, H] tensor (zeros of the weights' dtype when absent). */
  protected initialStates(op: string, what: string, state: Tensor | undefined, batch: number): Tensor[] {
    const expected = [this.numLayers, batch, this.hiddenSize];
    if (state === undefined) {
      const dtype = this.tensorField('weight_ih_l0').dtype;
      return Array.from({ length: this.numLayers }, () => zeros([batch, this.hiddenSize], dtype));
    }
    if (state.rank !== 3 || state.shape.some((d, i) => d !== expected[i])) {
      throw new ShapeError(op, `initial ${what} must be [${expected.join(',')}] (numLayers, batch, hidden), got [${state.shape.join(',')}]`);
    }
    return Array.from({ length: this.numLayers }, (_, k) => slice(state, [k, 0, 0], [1, batch, this.hiddenSize]).reshape([batch, this.hiddenSize]));
  }

  /**
   * x W_ihᵀ + b_ih for a whole sequence [B, T, I] → [B, T, G·H] in one 2-D matmul. With
   * `withHiddenBias`, b_hh is added here too (once per sequence instead of once per step), for
   * cells whose gates read xₜ W_ihᵀ + b_ih + hₜ₋₁ W_hhᵀ + b_hh as one sum.
   */
  protected static inputProjection(x: Tensor, w: LayerWeights, withHiddenBias = false): Tensor {
    const [b, t, i] = x.shape;
    const y = matmul(x.reshape([b * t, i]), w.weightIh, { transposeB: true });
    const bias = w.biasIh && withHiddenBias && w.biasHh ? add(w.biasIh, w.biasHh) : w.biasIh;
    return (bias ? add(y, bias) : y).reshape([b, t, y.shape[1]]);
  }

  /** h W_hhᵀ (+ b_hh unless `withBias` is false) for one step [B, H] → [B, G·H]. */
  protected static hiddenProjection(h: Tensor, w: LayerWeights, withBias = true): Tensor {
    const y = matmul(h, w.weightHh, { transposeB: true });
    return w.biasHh && withBias ? add(y, w.biasHh) : y;
  }

  /** The time steps of a [B, T, F] tensor, T × [B, F]. */
  protected static stepsOf(seq: Tensor): Tensor[] {
    return unstack(seq, 1);
  }

  /** Per-step [B, H] outputs as one [B, T, H] sequence (one concat). */
  protected static sequence(steps: readonly Tensor[]): Tensor {
    const [b, h] = steps[0].shape;
    return concat(steps, 1).reshape([b, steps.length, h]);
  }

  /** Stack per-layer final states [B, H] into [numLayers, B, H]. */
  protected static layersState(states: readonly Tensor[]): Tensor {
    return stack(states, 0);
  }

  protected override describe(): string {
    return `${this.inputSize} → ${this.hiddenSize}${this.numLayers > 1 ? `, ${this.numLayers} layers` : ''}${this.#dropout ? `, dropout ${this.dropoutP}` : ''}`;
  }
}
