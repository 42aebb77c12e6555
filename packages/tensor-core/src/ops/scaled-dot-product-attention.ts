/** The public attention entry point: the fused kernel, or the composite when dropout is on. */
import type { Tensor } from '../tensor.js';
import { attentionComposite, type AttentionOptions } from './attention.js';
import { attentionFused } from './attention-fused.js';

/**
 * Attention as in PyTorch's `scaled_dot_product_attention`: softmax(q·kᵀ·scale + mask)·v with
 * optional causal masking and dropout on the weights. q [..., L, E], k [..., S, E],
 * v [..., S, Ev] → [..., L, Ev]; batch dimensions broadcast. Rows whose keys are all masked give 0.
 * Without dropout it runs the backend's fused kernel ({@link attentionFused}: O(L + S) extra
 * memory, forward and backward); with dropout, the composite ({@link attentionComposite}).
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions = {}): Tensor {
  if ((options.dropout ?? 0) > 0) return attentionComposite(q, k, v, options);
  return attentionFused(q, k, v, options);
}
