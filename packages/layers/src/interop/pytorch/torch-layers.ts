/**
 * Each built-in Nabla layer as the torch.nn constructor expression with the same configuration,
 * parameter names and layouts (recurrent layers with batch_first=True). Null: not a built-in.
 * Layers torch 1.13 lacks (LearnedPositionalEmbedding) are small classes of the generated module
 * (SUPPORT_CLASSES).
 */
import type { Padding, Pair } from '@nabla/tensor-core';
import { ELU, GELU, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh } from '../../activations/modules.js';
import { Conv1d, type Padding1d } from '../../conv/conv1d.js';
import { Conv2d } from '../../conv/conv2d.js';
import { Dense } from '../../core/dense.js';
import { Embedding } from '../../core/embedding.js';
import { Flatten } from '../../core/flatten.js';
import type { AnyModule } from '../../module/module.js';
import { BatchNorm1d, BatchNorm2d } from '../../norm/batch-norm.js';
import { LayerNorm } from '../../norm/layer-norm.js';
import { AvgPool2d } from '../../pool/avg-pool2d.js';
import { MaxPool2d } from '../../pool/max-pool2d.js';
import { GRU } from '../../recurrent/gru.js';
import { LSTM } from '../../recurrent/lstm.js';
import { SimpleRNN } from '../../recurrent/simple-rnn.js';
import { Dropout } from '../../regularization/dropout.js';
import { MultiheadAttention } from '../../attention/multihead-attention.js';
import { LearnedPositionalEmbedding } from '../../positional/learned-positional-embedding.js';
import { TransformerDecoder } from '../../transformer/transformer-decoder.js';
import { TransformerDecoderLayer } from '../../transformer/transformer-decoder-layer.js';
import { TransformerEncoder } from '../../transformer/transformer-encoder.js';
import { TransformerEncoderLayer } from '../../transformer/transformer-encoder-layer.js';
import { PyTorchExportError } from '../errors.js';
import { pyKwargs, pyLiteral, type PythonValue } from './python-literal.js';

const OP = 'exportPyTorch';

function fail(path: string, m: AnyModule, why: string): never {
  throw new PyTorchExportError(OP, `${m.constructor.name} at '${path || '(root)'}' ${why}`);
}

const pairValue = (p: Pair): PythonValue => (typeof p === 'number' ? p : [p[0], p[1]]);

/** A Nabla conv/pool padding as torch's `padding=` (torch pads symmetrically; 'same' only at stride 1). */
function torchPadding(path: string, m: AnyModule, padding: Padding | Padding1d, strideOne: boolean): PythonValue {
  if (padding === 'valid') return 0;
  if (padding === 'same') {
    if (!strideOne) fail(path, m, "uses padding 'same' with a stride above 1, which torch does not support");
    return 'same';
  }
  if (typeof padding === 'number') return padding;
  if (padding.length === 2 && m instanceof Conv1d) {
    if (padding[0] !== padding[1]) fail(path, m, `pads unevenly (${padding.join(', ')}); torch pads both sides alike`);
    return padding[0];
  }
  if (padding.length === 2) return [padding[0], padding[1]];
  if (padding[0] !== padding[1] || padding[2] !== padding[3]) fail(path, m, `pads unevenly ([${padding.join(', ')}]); torch pads both sides alike`);
  return [padding[0], padding[2]];
}

const isOne = (p: Pair): boolean => (typeof p === 'number' ? p === 1 : p[0] === 1 && p[1] === 1);

function recurrent(kind: string, m: SimpleRNN | LSTM | GRU, extra: Readonly<Record<string, PythonValue>> = {}): string {
  const dropout = m.dropoutP > 0 ? { dropout: m.dropoutP } : {};
  return `nn.${kind}(${m.inputSize}, ${m.hiddenSize}, ${pyKwargs({ num_layers: m.numLayers, ...extra, bias: m.hasBias, batch_first: true, ...dropout })})`;
}

/**
 * Python classes the generated module defines when a layer needs one (torch 1.13 has no
 * counterpart), keyed by class name; the same parameter names as the Nabla layer.
 */
export const SUPPORT_CLASSES: Readonly<Record<string, string>> = {
  LearnedPositionalEmbedding: `class LearnedPositionalEmbedding(nn.Module):
    \"\"\"x [..., T, dim] plus the learned embeddings of positions offset … offset + T − 1 (Nabla's LearnedPositionalEmbedding).\"\"\"

    def __init__(self, max_length, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(max_length, dim))

    def forward(self, x, offset=0):
        t = x.shape[-2]
        if offset + t > self.weight.shape[0]:
            raise ValueError(f'positions {offset}..{offset + t - 1} exceed the table of {self.weight.shape[0]} positions')
        return x + self.weight[offset:offset + t]
`,
};

/** torch's TransformerEncoderLayer / TransformerDecoderLayer arguments of `m` (torch 1.13: biases always, no rotary embeddings). */
function transformerLayerArgs(path: string, m: TransformerEncoderLayer | TransformerDecoderLayer): string {
  const attentions = m instanceof TransformerDecoderLayer ? [m.selfAttn, m.crossAttn] : [m.selfAttn];
  for (const a of attentions) {
    if (!a.hasBias) fail(path, m, "has attention without biases, which torch 1.13's Transformer layers cannot build");
    if (a.usesRotary) fail(path, m, 'uses rotary embeddings in its attention, which torch has no layer for');
  }
  const c = m.config;
  return `${m.dModel}, ${m.selfAttn.numHeads}, ${c.dimFeedforward}, ${pyKwargs({
    dropout: c.dropout, activation: c.activation, layer_norm_eps: c.layerNormEps, batch_first: c.batchFirst, norm_first: c.normFirst,
  })}`;
}

/** torch's TransformerEncoder / TransformerDecoder: one layer (torch deep-copies it), so every layer must be built alike. */
function transformerStack(path: string, m: TransformerEncoder | TransformerDecoder, child: ChildExpression): string {
  const layers = m.layers.map((layer, i) => child(layer, `${path ? `${path}.` : ''}layers.${i}`));
  const differing = layers.findIndex((l) => l !== layers[0]);
  if (differing > 0) fail(path, m, `has layers built differently (layers.0 is ${layers[0]}, layers.${differing} is ${layers[differing]}); torch's stack repeats one layer`);
  const norm = m.namedChildren().find(([name]) => name === 'norm');
  const normArg = norm ? `, norm=${child(norm[1], `${path ? `${path}.` : ''}norm`)}` : '';
  if (m instanceof TransformerDecoder) return `nn.TransformerDecoder(${layers[0]}, ${layers.length}${normArg})`;
  return `nn.TransformerEncoder(${layers[0]}, ${layers.length}${normArg}, enable_nested_tensor=False)`;
}

/** Builds the expression of a submodule (the generator's, which also tracks shared modules). */
export type ChildExpression = (m: AnyModule, path: string) => string;

/** The torch.nn expression building `m`, or null when `m` is not a built-in layer; `child` builds submodules' expressions. */
export function torchLayerExpression(m: AnyModule, path: string, child: ChildExpression): string | null {
  if (m instanceof MultiheadAttention) {
    if (m.usesRotary) fail(path, m, 'uses rotary embeddings, which torch.nn.MultiheadAttention has no option for');
    return `nn.MultiheadAttention(${m.embedDim}, ${m.numHeads}, ${pyKwargs({ dropout: m.dropoutP, bias: m.hasBias, batch_first: m.batchFirst })})`;
  }
  if (m instanceof TransformerEncoderLayer) return `nn.TransformerEncoderLayer(${transformerLayerArgs(path, m)})`;
  if (m instanceof TransformerDecoderLayer) return `nn.TransformerDecoderLayer(${transformerLayerArgs(path, m)})`;
  if (m instanceof TransformerEncoder || m instanceof TransformerDecoder) return transformerStack(path, m, child);
  if (m instanceof LearnedPositionalEmbedding) return `LearnedPositionalEmbedding(${m.maxLength}, ${m.dim})`;
  if (m instanceof Dense) return `nn.Linear(${m.inFeatures}, ${m.outFeatures}, bias=${pyLiteral(m.bias !== null)})`;
  if (m instanceof Embedding) return `nn.Embedding(${m.numEmbeddings}, ${m.embeddingDim})`;
  if (m instanceof Conv1d) {
    return `nn.Conv1d(${m.inChannels}, ${m.outChannels}, ${m.kernelSize}, ${pyKwargs({
      stride: m.stride, padding: torchPadding(path, m, m.padding, m.stride === 1), dilation: m.dilation, bias: m.bias !== null,
    })})`;
  }
  if (m instanceof Conv2d) {
    return `nn.Conv2d(${m.inChannels}, ${m.outChannels}, ${pyLiteral([...m.kernelSize])}, ${pyKwargs({
      stride: pairValue(m.stride), padding: torchPadding(path, m, m.padding, isOne(m.stride)), dilation: pairValue(m.dilation), bias: m.bias !== null,
    })})`;
  }
  if (m instanceof MaxPool2d || m instanceof AvgPool2d) {
    const stride = m.options.stride ?? m.kernelSize;
    const padding = torchPadding(path, m, m.options.padding ?? 0, isOne(stride));
    if (padding === 'same') fail(path, m, "uses padding 'same', which torch's pooling layers do not take");
    if (m instanceof MaxPool2d) return `nn.MaxPool2d(${pyLiteral(pairValue(m.kernelSize))}, ${pyKwargs({ stride: pairValue(stride), padding })})`;
    return `nn.AvgPool2d(${pyLiteral(pairValue(m.kernelSize))}, ${pyKwargs({ stride: pairValue(stride), padding, count_include_pad: m.options.countIncludePad ?? true })})`;
  }
  if (m instanceof BatchNorm1d || m instanceof BatchNorm2d) {
    const kind = m instanceof BatchNorm1d ? 'BatchNorm1d' : 'BatchNorm2d';
    return `nn.${kind}(${m.numFeatures}, ${pyKwargs({ eps: m.eps, momentum: m.momentum, affine: m.weight !== null, track_running_stats: m.runningMean !== null })})`;
  }
  if (m instanceof LayerNorm) {
    return `nn.LayerNorm(${pyLiteral([...m.normalizedShape])}, ${pyKwargs({ eps: m.eps, elementwise_affine: m.weight !== null })})`;
  }
  if (m instanceof Dropout) return `nn.Dropout(${pyLiteral(m.p)})`;
  if (m instanceof Flatten) return `nn.Flatten(${m.startDim}, ${m.endDim})`;
  if (m instanceof ReLU) return 'nn.ReLU()';
  if (m instanceof Sigmoid) return 'nn.Sigmoid()';
  if (m instanceof Tanh) return 'nn.Tanh()';
  if (m instanceof LeakyReLU) return `nn.LeakyReLU(${pyLiteral(m.negativeSlope)})`;
  if (m instanceof ELU) return `nn.ELU(${pyLiteral(m.alpha)})`;
  if (m instanceof GELU) return 'nn.GELU()';
  if (m instanceof Softmax) return `nn.Softmax(${m.axis})`;
  if (m instanceof SimpleRNN) return recurrent('RNN', m, { nonlinearity: m.nonlinearity });
  if (m instanceof LSTM) return recurrent('LSTM', m);
  if (m instanceof GRU) return recurrent('GRU', m);
  return null;
}
