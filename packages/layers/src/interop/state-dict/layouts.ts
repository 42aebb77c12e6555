/**
 * Where each state-dict entry of a Nabla model comes from in a foreign state dict.
 *
 * 'pytorch': the names and layouts are Nabla's own (Linear weight [out, in], conv OIHW, LSTM
 * `weight_ih_l0` [4H, I] with gates i, f, g, o), so every entry maps to itself.
 *
 * 'keras': each layer's variables use Keras names under the Nabla module path, in Keras layouts:
 * Dense `kernel` [in, out] and `bias`; Conv2D `kernel` HWIO [KH, KW, C, O]; Conv1D `kernel`
 * [K, C, O]; Embedding `embeddings`; BatchNormalization `gamma`, `beta`, `moving_mean`,
 * `moving_variance`; LayerNormalization `gamma`, `beta`; SimpleRNN and LSTM (one layer) `kernel`
 * [I, G·H], `recurrent_kernel` [H, G·H] and one `bias` [G·H] (gate order i, f, c, o as PyTorch's;
 * bias_hh becomes zero). Modules not listed keep their Nabla names and layouts.
 */
import { allocHostArray, type Tensor } from '@nabla/tensor-core';
import type { HostTensor } from '../../checkpoint/host-tensor.js';
import { Dense } from '../../core/dense.js';
import { Embedding } from '../../core/embedding.js';
import { Conv1d } from '../../conv/conv1d.js';
import { Conv2d } from '../../conv/conv2d.js';
import type { AnyModule } from '../../module/module.js';
import { BatchNormBase } from '../../norm/batch-norm.js';
import { LayerNorm } from '../../norm/layer-norm.js';
import { GRU } from '../../recurrent/gru.js';
import { LSTM } from '../../recurrent/lstm.js';
import { SimpleRNN } from '../../recurrent/simple-rnn.js';
import { WeightImportError } from '../errors.js';
import { permuteHost } from './host-permute.js';

/** The conventions of a foreign state dict. */
export type WeightLayout = 'pytorch' | 'keras';

/** One target entry: its state-dict key, the source name (null: synthesised) and the layout conversion. */
export interface Binding {
  readonly target: string;
  readonly tensor: Tensor;
  readonly source: string | null;
  /** Source layout → Nabla layout (identity for PyTorch). */
  readonly convert: (source: HostTensor | null) => HostTensor;
  /** The source layout, for error messages. */
  readonly describe: string;
}

const identity = (h: HostTensor | null): HostTensor => h as HostTensor;
const transposed = (h: HostTensor | null): HostTensor => permuteHost(h as HostTensor, [1, 0]);

function zerosLike(t: Tensor): () => HostTensor {
  return () => ({ dtype: t.dtype, shape: [...t.shape], data: allocHostArray(t.dtype, t.size) });
}

/** Keras sources of a module's own entries, by Nabla entry name, or null for modules without a Keras mapping. */
function kerasSources(m: AnyModule, path: string): Record<string, [string | null, (h: HostTensor | null) => HostTensor, string]> | null {
  if (m instanceof Dense) return { weight: ['kernel', transposed, 'kernel [in, out]'], bias: ['bias', identity, 'bias [out]'] };
  if (m instanceof Conv2d) return { weight: ['kernel', (h) => permuteHost(h as HostTensor, [3, 2, 0, 1]), 'kernel HWIO [KH, KW, C, O]'], bias: ['bias', identity, 'bias [O]'] };
  if (m instanceof Conv1d) return { weight: ['kernel', (h) => permuteHost(h as HostTensor, [2, 1, 0]), 'kernel [K, C, O]'], bias: ['bias', identity, 'bias [O]'] };
  if (m instanceof Embedding) return { weight: ['embeddings', identity, 'embeddings [num, dim]'] };
  if (m instanceof BatchNormBase) {
    return {
      weight: ['gamma', identity, 'gamma [C]'], bias: ['beta', identity, 'beta [C]'],
      running_mean: ['moving_mean', identity, 'moving_mean [C]'], running_var: ['moving_variance', identity, 'moving_variance [C]'],
    };
  }
  if (m instanceof LayerNorm) return { weight: ['gamma', identity, 'gamma'], bias: ['beta', identity, 'beta'] };
  if (m instanceof GRU) {
    throw new WeightImportError('importStateDict', `GRU at '${path}' has no Keras mapping (Keras orders the gates z, r, h and splits its bias differently); convert it to PyTorch layout first`);
  }
  if (m instanceof LSTM || m instanceof SimpleRNN) {
    if (m.numLayers !== 1) throw new WeightImportError('importStateDict', `${m.constructor.name} at '${path}' has ${m.numLayers} layers; Keras layout maps one layer per module`);
    return {
      weight_ih_l0: ['kernel', transposed, 'kernel [I, G·H]'], weight_hh_l0: ['recurrent_kernel', transposed, 'recurrent_kernel [H, G·H]'],
      bias_ih_l0: ['bias', identity, 'bias [G·H]'], bias_hh_l0: [null, identity, '(zero: Keras has one bias)'],
    };
  }
  return null;
}

/** Every state-dict entry of `model` with where it comes from in a `layout` state dict. */
export function bindingsFor(model: AnyModule, layout: WeightLayout): Binding[] {
  const state = model.stateDict();
  const out: Binding[] = [];
  const bound = new Set<string>();
  for (const [path, m] of model.namedModules()) {
    const keras = layout === 'keras' ? kerasSources(m, path) : null;
    if (!keras) continue;
    for (const [own, [source, convert, describe]] of Object.entries(keras)) {
      const target = path ? `${path}.${own}` : own;
      const tensor = state[target];
      if (!tensor || bound.has(target)) continue;
      bound.add(target);
      const sourceName = source === null ? null : path ? `${path}.${source}` : source;
      out.push({ target, tensor, source: sourceName, convert: source === null ? zerosLike(tensor) : convert, describe });
    }
  }
  for (const [target, tensor] of Object.entries(state)) {
    if (bound.has(target)) continue;
    // PyTorch layout, or a module without a Keras mapping, or an entry Keras has no counterpart for (num_batches_tracked)
    if (layout === 'keras' && target.endsWith('num_batches_tracked')) continue;
    out.push({ target, tensor, source: target, convert: identity, describe: `[${tensor.shape.join(',')}]` });
  }
  return out;
}
