/**
 * PyTorch's MultiheadAttention masks turned into one additive float mask. A bool entry that is
 * true means "may not attend" (−∞ is added), a float entry is added to the attention score:
 * `attnMask` [L, S] or [N·H, L, S], `keyPaddingMask` [N, S] (or [S] for unbatched input), and a
 * causal mask where query i (at absolute position past + i) sees keys 0 … past + i.
 */
import { DTypeError, ShapeError, assertTensor, add, cast, fmtShape, reshape, tensor, where, type DType, type Tensor } from '@nabla/tensor-core';

/** The masks of one attention call, as the caller gave them. */
export interface AttentionMasks {
  /** [L, S] or [N·H, L, S]: bool (true = masked) or float (added to the scores). */
  readonly attnMask?: Tensor | null;
  /** [N, S] ([S] unbatched): bool (true = padding, ignored) or float (added). */
  readonly keyPaddingMask?: Tensor | null;
  /** Mask every key after the query's own position (keys are the `past` cached steps, then the queries). */
  readonly isCausal?: boolean;
}

/** The sizes a mask must agree with. */
export interface MaskGeometry {
  /** The layer, for error messages. */
  readonly layer: string;
  readonly batch: number;
  readonly heads: number;
  readonly queryLength: number;
  readonly keyLength: number;
  /** Keys that precede the queries (a KV cache's earlier steps); 0 without a cache. */
  readonly past: number;
  /** Whether the input was unbatched (then keyPaddingMask is [S]). */
  readonly unbatched: boolean;
  /** The dtype of the scores. */
  readonly dtype: DType;
}

function additive(layer: string, name: string, m: Tensor, dtype: DType): Tensor {
  assertTensor(layer, m, name);
  if (m.dtype === 'bool') return where(m, -Infinity, 0).cast(dtype);
  if (m.dtype === 'float32' || m.dtype === 'float64') return m.dtype === dtype ? m : cast(m, dtype);
  throw new DTypeError(layer, `${name} must be bool (true = masked) or float (added to the scores), got ${m.dtype} ${fmtShape(m.shape)}`);
}

/**
 * The causal mask as an additive float [L, S] constant: −∞ where key j comes after query i
 * (j > past + i), else 0. Built on the host as floats, so an exported graph holds it as a constant.
 */
export function causalMask(queryLength: number, keyLength: number, past: number, dtype: DType): Tensor {
  const data = dtype === 'float64' ? new Float64Array(queryLength * keyLength) : new Float32Array(queryLength * keyLength);
  for (let i = 0; i < queryLength; i++) for (let j = past + i + 1; j < keyLength; j++) data[i * keyLength + j] = -Infinity;
  return tensor(data, [queryLength, keyLength], dtype);
}

/** An additive float [1, S] mask letting queries see keys 0 … keyLength − 1 of S (a KV cache's filled steps). */
export function keyLimitMask(keyLength: number, S: number, dtype: DType): Tensor {
  const data = dtype === 'float64' ? new Float64Array(S) : new Float32Array(S);
  data.fill(-Infinity, keyLength);
  return tensor(data, [1, S], dtype);
}

/**
 * One additive mask broadcastable to the scores [N, H, L, S], or null when nothing is masked.
 * Throws a ShapeError naming the layer, the mask and the accepted shapes when a mask does not fit.
 */
export function combineMasks(masks: AttentionMasks, g: MaskGeometry): Tensor | null {
  const { layer, batch: n, heads: h, queryLength: l, keyLength: s } = g;
  const parts: Tensor[] = [];
  const attn = masks.attnMask ?? null;
  if (attn) {
    assertTensor(layer, attn, 'attnMask');
    const ok2 = attn.rank === 2 && attn.shape[0] === l && attn.shape[1] === s;
    const ok3 = attn.rank === 3 && attn.shape[0] === n * h && attn.shape[1] === l && attn.shape[2] === s;
    if (!ok2 && !ok3) {
      throw new ShapeError(layer, `attnMask ${fmtShape(attn.shape)} must be [L, S] = ${fmtShape([l, s])} or [N·H, L, S] = ${fmtShape([n * h, l, s])}`);
    }
    const m = additive(layer, 'attnMask', attn, g.dtype);
    parts.push(ok2 ? reshape(m, [1, 1, l, s]) : reshape(m, [n, h, l, s]));
  }
  const pad = masks.keyPaddingMask ?? null;
  if (pad) {
    assertTensor(layer, pad, 'keyPaddingMask');
    const want = g.unbatched ? [s] : [n, s];
    if (pad.rank !== want.length || pad.shape.some((d, i) => d !== want[i])) {
      throw new ShapeError(layer, `keyPaddingMask ${fmtShape(pad.shape)} must be ${g.unbatched ? '[S]' : '[N, S]'} = ${fmtShape(want)}`);
    }
    parts.push(reshape(additive(layer, 'keyPaddingMask', pad, g.dtype), [n, 1, 1, s]));
  }
  if (masks.isCausal) parts.push(reshape(causalMask(l, s, g.past, g.dtype), [1, 1, l, s]));
  if (parts.length === 0) return null;
  return parts.reduce((a, b) => add(a, b));
}
