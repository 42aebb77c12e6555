/**
 * @nabla/layers — PyTorch-style modules: the Module base class, Sequential, dense, recurrent,
 * convolutional, pooling, normalisation and regularisation layers, attention and Transformer layers,
 * positional embeddings, activations and initialisers.
 */
export { StateDictError } from './errors.js';

export { Module, type AnyModule, type StateDict, type LoadStateDictOptions, type LoadStateDictResult } from './module/module.js';
export { Sequential, type TensorModule } from './module/sequential.js';
export { asParameter } from './module/parameter.js';

export {
  zerosInit, onesInit, constantInit, uniformInit, normalInit, glorotUniform, glorotNormal, heUniform, heNormal,
  xavierUniform, xavierNormal, kaimingUniform, kaimingNormal, orthogonalInit, fanUniform,
  type Initializer, type KaimingOptions, type FanMode,
} from './init/initializers.js';
export { computeFans, calculateGain, type Nonlinearity } from './init/fans.js';
export { resolveRng, type InitRngOptions } from './init/rng-option.js';

export { Dense, Linear, type DenseOptions } from './core/dense.js';
export { Embedding, type EmbeddingOptions } from './core/embedding.js';
export { Flatten } from './core/flatten.js';

export { Step, Sigmoid, Tanh, ReLU, LeakyReLU, ELU, GELU, Softmax } from './activations/modules.js';
export { step, sigmoid, tanh, relu, leakyRelu, elu, gelu, softmax, logSoftmax } from './activations/functional.js';

export { SimpleRNN, type SimpleRNNOptions, type RecurrentOutput } from './recurrent/simple-rnn.js';
export { LSTM, type LSTMState, type LSTMOutput } from './recurrent/lstm.js';
export { GRU } from './recurrent/gru.js';
export { RecurrentBase, type RecurrentOptions } from './recurrent/recurrent-base.js';

export { Conv1d, type Conv1dLayerOptions, type Padding1d } from './conv/conv1d.js';
export { Conv2d, type Conv2dLayerOptions } from './conv/conv2d.js';
export { MaxPool2d, type Pool2dLayerOptions } from './pool/max-pool2d.js';
export { AvgPool2d, type AvgPool2dOptions } from './pool/avg-pool2d.js';

export { Dropout } from './regularization/dropout.js';
export { BatchNorm1d, BatchNorm2d, BatchNormBase, type BatchNormOptions } from './norm/batch-norm.js';
export { LayerNorm, type LayerNormOptions } from './norm/layer-norm.js';
export { RMSNorm, type RMSNormOptions } from './norm/rms-norm.js';

export {
  MultiheadAttention, type MultiheadAttentionOptions, type MultiheadAttentionCall, type MultiheadAttentionOutput,
} from './attention/multihead-attention.js';
export { type AttentionMasks } from './attention/attention-mask.js';
export { KVCache, type CachedKeysValues } from './attention/kv-cache.js';
export { LearnedPositionalEmbedding, type LearnedPositionalEmbeddingOptions } from './positional/learned-positional-embedding.js';
export { SinusoidalPositionalEmbedding, type SinusoidalPositionalEmbeddingOptions } from './positional/sinusoidal-positional-embedding.js';
export { RotaryEmbedding, type RotaryEmbeddingOptions } from './positional/rotary-embedding.js';
export { TransformerEncoderLayer, type EncoderLayerCall } from './transformer/transformer-encoder-layer.js';
export { TransformerDecoderLayer, type DecoderLayerCall } from './transformer/transformer-decoder-layer.js';
export { TransformerEncoder, type TransformerEncoderOptions, type EncoderCall, type FinalNorm } from './transformer/transformer-encoder.js';
export { TransformerDecoder, type TransformerDecoderOptions, type DecoderCall } from './transformer/transformer-decoder.js';
export { type TransformerLayerOptions, type TransformerActivation, type ResolvedTransformerOptions } from './transformer/transformer-options.js';

// safetensors checkpoints (maintained with @nabla/optim; Node file helpers in '@nabla/layers/node')
export * from './checkpoint/index.js';
