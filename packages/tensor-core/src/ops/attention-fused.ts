/**
 * Fused attention: one recorded op ('attention') running the backend's online-softmax kernel,
 * whose gradient calls the backend's fused backward. The [..., L, S] scores never exist.
 */
import type { AttentionParams, TensorInfo } from '../backend.js';
import { tidy } from '../engine.js';
import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { attentionComposite, attentionGeometry, type AttentionOptions } from './attention.js';
import { broadcastTo, reshape } from './layout.js';
import { backendOf, computeDeferred, runKernel, wrap } from './run.js';
import { where } from './select.js';
import { slice } from './slice.js';

/** `t` [...tb, rows, cols] broadcast to the batch and viewed as [B, rows, cols]. */
function asBatched(t: Tensor, batch: readonly number[]): Tensor {
  const rows = t.shape[t.rank - 2];
  const cols = t.shape[t.rank - 1];
  const full = [...batch, rows, cols];
  const tb = t.shape.slice(0, -2);
  const same = tb.length === batch.length && tb.every((d, i) => d === batch[i]);
  return reshape(same ? t : broadcastTo(t, full), [sizeOf(batch), rows, cols]);
}

/**
 * The mask as the kernels' additive bias [Bb, Lb, Sb] (Bb ∈ {1, B}, Lb ∈ {1, L}, Sb ∈ {1, S}):
 * bool → 0 / −∞, float cast to `dtype`; batch dims are broadcast only when partly broadcast.
 */
function asBias(mask: Tensor, batch: readonly number[], dtype: 'float32' | 'float64'): Tensor {
  const floats = mask.dtype === 'bool' ? where(mask, 0, -Infinity) : mask;
  const additive = floats.dtype === dtype ? floats : cast(floats, dtype);
  const full = [...new Array<number>(batch.length + 2 - additive.rank).fill(1), ...additive.shape];
  const lb = full[full.length - 2];
  const sb = full[full.length - 1];
  const mb = full.slice(0, -2);
  const batchSize = sizeOf(batch);
  if (sizeOf(mb) === 1) return reshape(additive, [1, lb, sb]);
  if (mb.every((d, i) => d === batch[i])) return reshape(additive, [batchSize, lb, sb]);
  return reshape(broadcastTo(reshape(additive, full), [...batch, lb, sb]), [batchSize, lb, sb]);
}

/**
 * Fused scaled dot-product attention (no dropout): q [..., L, E], k [..., S, E], v [..., S, Ev]
 * → [..., L, Ev], the same values as {@link attentionComposite} with O(L + S) extra memory.
 */
export function attentionFused(q: Tensor, k: Tensor, v: Tensor, options: Omit<AttentionOptions, 'dropout' | 'rng'> = {}): Tensor {
  const op = 'scaledDotProductAttention';
  const backend = backendOf(op, [q, k, v, ...(options.mask ? [options.mask] : [])]);
  const geo = attentionGeometry(q, k, v, options);
  if (sizeOf(geo.outShape) === 0 || geo.S === 0 || geo.E === 0) return attentionComposite(q, k, v, options);
  const dtype = q.dtype === 'float64' ? 'float64' : 'float32';
  const B = sizeOf(geo.batch);
  const attrs: AttentionParams = { scale: geo.scale, causal: options.causal ?? false };
  return tidy(() => {
    const inputs = [asBatched(q, geo.batch), asBatched(k, geo.batch), asBatched(v, geo.batch)];
    if (options.mask) inputs.push(asBias(options.mask, geo.batch, dtype));
    const [q3, k3, v3] = inputs;
    const bias: TensorInfo | null = inputs[3] ?? null;
    const packedShape = [B, geo.L, geo.Ev + 1];
    const packed = runKernel('attention', inputs, attrs, () => wrap(backend, backend.attention(q3, k3, v3, bias, attrs, packedShape), packedShape, dtype));
    return reshape(slice(packed, [0, 0, 0], [B, geo.L, geo.Ev]), geo.outShape);
  });
}

/**
 * The fused backward of the recorded 'attention' op: q [B, L, E], k [B, S, E], v [B, S, Ev],
 * optional bias [Bb, Lb, Sb], its packed output and output gradient [B, L, Ev + 1]
 * → [dq [B, L, E], dk [B, S, E], dv [B, S, Ev]] (not recorded: no higher-order gradients).
 */
export function attentionBackward(
  q: Tensor, k: Tensor, v: Tensor, bias: Tensor | null, packed: Tensor, dPacked: Tensor, p: AttentionParams,
): [Tensor, Tensor, Tensor] {
  const backend = backendOf('attentionBackward', [q, k, v, packed, dPacked, ...(bias ? [bias] : [])]);
  computeDeferred([q, k, v, bias, packed, dPacked]);
  const ids = backend.attentionBackward(q, k, v, bias, packed, dPacked, p);
  return [wrap(backend, ids.dq, q.shape, q.dtype), wrap(backend, ids.dk, k.shape, k.dtype), wrap(backend, ids.dv, v.shape, v.dtype)];
}
