/**
 * Scaled dot-product attention with the semantics of PyTorch's
 * `torch.nn.functional.scaled_dot_product_attention`, built from recorded ops (so autodiff needs
 * no rule of its own): softmax(q·kᵀ·scale + mask) · v.
 */
import type { Backend } from '../backend.js';
import { tidy, withoutRecording } from '../engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { globalRng, type Rng } from '../rng.js';
import { broadcastShapes, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, equal, logicalAnd, mul } from './binary.js';
import { cast } from './cast.js';
import { matmul } from './matmul.js';
import { max } from './reduce.js';
import { backendOf, wrap } from './run.js';
import { where } from './select.js';
import { softmax } from './softmax.js';

/** Options of {@link scaledDotProductAttention}. */
export interface AttentionOptions {
  /**
   * Which keys each query may see, broadcastable to the scores' shape [..., L, S]: a bool tensor
   * (true = may attend, as in PyTorch) or a float tensor added to the scores (e.g. −∞ to block).
   */
  readonly mask?: Tensor;
  /** Causal masking, aligned top-left like PyTorch's `is_causal`: query i sees keys j ≤ i. Combines with `mask`. */
  readonly causal?: boolean;
  /** Probability of dropping each attention weight, survivors scaled by 1/(1 − p); 0 (default) = no dropout. */
  readonly dropout?: number;
  /** Multiplier of q·kᵀ; default 1/√E. */
  readonly scale?: number;
  /** Generator of the dropout mask; default the global one (see `seed`). */
  readonly rng?: Rng;
}

/** The sizes of one attention call, after validation. */
export interface AttentionGeometry {
  /** Broadcast batch dimensions of q, k and v (everything before the last two). */
  readonly batch: readonly number[];
  /** Query length L, key/value length S, query/key size E, value size Ev. */
  readonly L: number;
  /** Key/value length S. */
  readonly S: number;
  /** Query/key size E (last axis of q and k). */
  readonly E: number;
  /** Value size Ev (last axis of v and of the output). */
  readonly Ev: number;
  /** Output shape [...batch, L, Ev]. */
  readonly outShape: readonly number[];
  /** Shape of the scores and attention weights [...batch, L, S]. */
  readonly scoreShape: readonly number[];
  /** The multiplier of q·kᵀ actually used. */
  readonly scale: number;
}

const OP = 'scaledDotProductAttention';

function isFloatDType(t: Tensor): boolean {
  return t.dtype === 'float32' || t.dtype === 'float64';
}

/** Validate q [..., L, E], k [..., S, E], v [..., S, Ev], the mask and the options (typed errors name the op, shapes and dtypes) → the sizes. */
export function attentionGeometry(q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions = {}): AttentionGeometry {
  backendOf(OP, [q, k, v]);
  const what = `q ${q.dtype} ${fmtShape(q.shape)}, k ${k.dtype} ${fmtShape(k.shape)}, v ${v.dtype} ${fmtShape(v.shape)}`;
  for (const [name, t] of [['q', q], ['k', k], ['v', v]] as const) {
    if (!isFloatDType(t)) throw new DTypeError(OP, `${name} must be a float tensor (${what})`);
    if (t.rank < 2) throw new ShapeError(OP, `${name} must have rank >= 2 ([..., length, features]) (${what})`);
  }
  if (q.dtype !== k.dtype || q.dtype !== v.dtype) throw new DTypeError(OP, `q, k and v must share one dtype (${what})`);
  const L = q.shape[q.rank - 2];
  const E = q.shape[q.rank - 1];
  const S = k.shape[k.rank - 2];
  const Ev = v.shape[v.rank - 1];
  if (k.shape[k.rank - 1] !== E) throw new ShapeError(OP, `q and k must have the same last dimension E (${E} != ${k.shape[k.rank - 1]}) (${what})`);
  if (v.shape[v.rank - 2] !== S) throw new ShapeError(OP, `k and v must have the same length S (${S} != ${v.shape[v.rank - 2]}) (${what})`);
  let batch: number[];
  try {
    batch = broadcastShapes(OP, broadcastShapes(OP, q.shape.slice(0, -2), k.shape.slice(0, -2)), v.shape.slice(0, -2));
  } catch {
    throw new ShapeError(OP, `the batch dimensions of q, k and v do not broadcast (${what})`);
  }
  const scoreShape = [...batch, L, S];
  const { mask } = options;
  if (mask !== undefined) {
    mask.assertAlive(OP);
    if (mask.dtype !== 'bool' && !isFloatDType(mask)) {
      throw new DTypeError(OP, `mask must be bool (true = may attend) or float (added to the scores), got ${mask.dtype} ${fmtShape(mask.shape)}`);
    }
    let fits = mask.rank <= scoreShape.length;
    if (fits) {
      try {
        fits = shapesEqual(broadcastShapes(OP, mask.shape, scoreShape), scoreShape);
      } catch {
        fits = false;
      }
    }
    if (!fits) throw new ShapeError(OP, `mask ${fmtShape(mask.shape)} does not broadcast to the scores' shape [..., L, S] = ${fmtShape(scoreShape)} (${what})`);
  }
  const dropout = options.dropout ?? 0;
  if (!(dropout >= 0 && dropout <= 1)) throw new ArgumentError(OP, `dropout must be in [0, 1], got ${dropout}`);
  const scale = options.scale ?? 1 / Math.sqrt(E);
  if (!Number.isFinite(scale)) throw new ArgumentError(OP, `scale must be a finite number, got ${scale}`);
  return { batch, L, S, E, Ev, outShape: [...batch, L, Ev], scoreShape, scale };
}

/** bool [L, S], true where key j ≤ query i (top-left aligned lower triangle), on `backend`. */
function causalAllowed(backend: Backend, L: number, S: number): Tensor {
  const host = new Uint8Array(L * S);
  for (let i = 0; i < L; i++) host.fill(1, i * S, i * S + Math.min(S, i + 1));
  return wrap(backend, backend.write(host, 'bool'), [L, S], 'bool');
}

/**
 * Softmax over the last axis where a row of only −∞ (every key masked) gives weights 0, as
 * PyTorch's math path does (`_safe_softmax`), instead of NaN; the gradient stays finite too.
 */
function maskedSoftmax(scores: Tensor): Tensor {
  const dead = withoutRecording(() => equal(max(scores, -1, { keepDims: true }), -Infinity));
  return where(dead, 0, softmax(where(dead, 0, scores), -1));
}

/** Inverted-dropout multipliers (0 or 1/(1 − p)) of `shape` drawn from `rng`, on `backend`. */
function dropoutMultipliers(backend: Backend, shape: readonly number[], p: number, rng: Rng, dtype: 'float32' | 'float64'): Tensor {
  let size = 1;
  for (const d of shape) size *= d;
  const keep = p >= 1 ? 0 : 1 / (1 - p);
  const host = dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  for (let i = 0; i < size; i++) host[i] = rng.uniform() >= p ? keep : 0;
  return wrap(backend, backend.write(host, dtype), shape, dtype);
}

/**
 * The composite reference: softmax(q·kᵀ·scale + mask)·v from recorded ops, materialising the
 * [..., L, S] scores. q [..., L, E], k [..., S, E], v [..., S, Ev] → [..., L, Ev].
 */
export function attentionComposite(q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions = {}): Tensor {
  const backend = backendOf(OP, [q, k, v, ...(options.mask ? [options.mask] : [])]);
  const geo = attentionGeometry(q, k, v, options);
  const dtype = q.dtype === 'float64' ? 'float64' : 'float32';
  const { mask } = options;
  return tidy(() => {
    let scores = matmul(mul(q, geo.scale), k, { transposeB: true });
    let allowed: Tensor | undefined = options.causal ? causalAllowed(backend, geo.L, geo.S) : undefined;
    if (mask?.dtype === 'bool') allowed = allowed ? logicalAnd(allowed, mask) : mask;
    else if (mask) scores = add(scores, mask.dtype === dtype ? mask : cast(mask, dtype));
    if (allowed) scores = where(allowed, scores, -Infinity);
    let weights = mask || allowed ? maskedSoftmax(scores) : softmax(scores, -1);
    const p = options.dropout ?? 0;
    if (p > 0) weights = mul(weights, dropoutMultipliers(backend, weights.shape, p, options.rng ?? globalRng, dtype));
    return matmul(weights, v);
  });
}
