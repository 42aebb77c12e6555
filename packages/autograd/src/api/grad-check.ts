/**
 * gradCheck: analytic gradients against central finite differences, computed in float64 where
 * the backend supports it (float32 otherwise, with a larger step and tolerance).
 */
import {
  ArgumentError, Rng, getBackend, keep, mul, sum, tensor, tidy, withRecording, withoutRecording,
  type DType, type Tensor, type TypedArray,
} from '@nabla/tensor-core';
import { gradients } from './functional.js';

/** Options for gradCheck. */
export interface GradCheckOptions {
  /** Indices of the inputs to check (default: every float input; others are held constant). */
  readonly wrt?: readonly number[];
  /** Relative finite-difference step (default 1e-6 in float64, 5e-3 in float32). */
  readonly eps?: number;
  /** Largest accepted error (default 1e-5 in float64, 2e-2 in float32). */
  readonly tolerance?: number;
  /** Force float32 even where float64 is available. */
  readonly dtype?: 'float32' | 'float64';
  /** Seed of the random projection applied to non-scalar outputs. */
  readonly seed?: number;
}

/** Result for one checked input. */
export interface InputCheck {
  /** Position of the checked tensor in gradCheck's `inputs`. */
  readonly input: number;
  /** max over elements of |analytic − numeric| / max(1, |analytic|, |numeric|). */
  readonly maxRelError: number;
  /** Flat (row-major) index of the element with the largest relative error. */
  readonly worstElement: number;
  /** The backward pass's gradient at `worstElement`. */
  readonly analytic: number;
  /** The central-difference estimate (f(x + h) − f(x − h)) / 2h at `worstElement`. */
  readonly numeric: number;
}

/** What gradCheck reports. */
export interface GradCheckResult {
  /** Whether `maxRelError` ≤ `tolerance`. */
  readonly ok: boolean;
  /** dtype the check ran in: float64 where the backend supports it, unless float32 was asked for; float32 checks use a larger step and tolerance. */
  readonly dtype: 'float32' | 'float64';
  /** The largest accepted relative error (the option, else 1e-5 in float64 and 2e-2 in float32). */
  readonly tolerance: number;
  /** Worst error over all checked inputs. */
  readonly maxRelError: number;
  /** One report per checked input, in the order of `wrt`. */
  readonly inputs: readonly InputCheck[];
}

function isFloatDType(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

function hostCopy(values: TypedArray, dtype: 'float32' | 'float64'): Float32Array | Float64Array {
  return dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
}

/**
 * Compare the gradients of `f` at `inputs` with central differences. A non-scalar output is
 * reduced to Σ w ⊙ f(x) with fixed random weights w (so a gradient that sums to zero still counts).
 * All reads are asynchronous (`await data()`), so it runs on every backend.
 */
export async function gradCheck(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradCheckOptions = {}): Promise<GradCheckResult> {
  const backend = inputs[0]?.backend ?? getBackend();
  const dtype: 'float32' | 'float64' = options.dtype === 'float32' || !backend.supportsFloat64 ? 'float32' : 'float64';
  const eps = options.eps ?? (dtype === 'float64' ? 1e-6 : 5e-3);
  const tolerance = options.tolerance ?? (dtype === 'float64' ? 1e-5 : 2e-2);
  const wrt = options.wrt ?? inputs.flatMap((t, i) => (isFloatDType(t.dtype) ? [i] : []));
  for (const i of wrt) {
    if (i < 0 || i >= inputs.length || !isFloatDType(inputs[i].dtype)) {
      throw new ArgumentError('gradCheck', `input ${i} cannot be checked: it is missing or not a float tensor`);
    }
  }
  const hosts = await Promise.all(inputs.map((t) => t.data()));
  const checked = new Set(wrt);
  const baseValues = inputs.map((t, i) => (checked.has(i) ? hostCopy(hosts[i], dtype) : hosts[i]));
  const makeInputs = (override?: { index: number; values: TypedArray }): Tensor[] =>
    inputs.map((t, i) => (override?.index === i ? tensor(override.values, t.shape, dtype) : checked.has(i) ? tensor(baseValues[i], t.shape, dtype) : t));

  let weights: Tensor | null = null;
  const objective = (xs: Tensor[]): Tensor => {
    const out = f(...xs);
    if (out.size === 1) return out;
    if (!weights || weights.size !== out.size) {
      const rng = new Rng(options.seed ?? 7);
      const w = dtype === 'float64' ? new Float64Array(out.size) : new Float32Array(out.size);
      for (let k = 0; k < w.length; k++) w[k] = 0.5 + rng.uniform();
      weights?.dispose();
      weights = keep(tensor(w, out.shape, dtype));
    }
    return sum(mul(out, weights));
  };
  const evaluate = async (override: { index: number; values: TypedArray }): Promise<number> => {
    const value = withoutRecording(() => tidy(() => objective(makeInputs(override))));
    try {
      return (await value.data())[0];
    } finally {
      value.dispose();
    }
  };

  try {
    const analyticTensors = withRecording(() =>
      tidy(() => {
        const xs = makeInputs();
        const leaves = wrt.map((i) => {
          xs[i].requiresGrad = true;
          return xs[i];
        });
        const grads = gradients(objective(xs), leaves);
        return grads.map((g, k) => g ?? tensor(new Float64Array(leaves[k].size), leaves[k].shape, dtype));
      }),
    );
    const analytic = await Promise.all(analyticTensors.map((g) => g.data()));
    analyticTensors.forEach((g) => g.dispose());

    const reports: InputCheck[] = [];
    for (let k = 0; k < wrt.length; k++) {
      const index = wrt[k];
      const base = baseValues[index];
      let worst = { maxRelError: 0, worstElement: 0, analytic: 0, numeric: 0 };
      for (let j = 0; j < base.length; j++) {
        const h = eps * Math.max(1, Math.abs(base[j]));
        const plus = hostCopy(base, dtype);
        const minus = hostCopy(base, dtype);
        plus[j] = base[j] + h;
        minus[j] = base[j] - h;
        const step = plus[j] - minus[j];
        const numeric = ((await evaluate({ index, values: plus })) - (await evaluate({ index, values: minus }))) / step;
        const a = analytic[k][j];
        const err = Math.abs(a - numeric) / Math.max(1, Math.abs(a), Math.abs(numeric));
        if (!(err <= worst.maxRelError)) worst = { maxRelError: Number.isNaN(err) ? Infinity : err, worstElement: j, analytic: a, numeric };
      }
      reports.push({ input: index, ...worst });
    }
    const maxRelError = reports.reduce((m, r) => Math.max(m, r.maxRelError), 0);
    return { ok: maxRelError <= tolerance, dtype, tolerance, maxRelError, inputs: reports };
  } finally {
    (weights as Tensor | null)?.dispose();
  }
}
