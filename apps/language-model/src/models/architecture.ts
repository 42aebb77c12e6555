/** The model kinds and their hyperparameters, as saved in a run's config.json. */

/** Which network: the fixed-window MLP, one of the recurrent cells, or the decoder-only Transformer. */
export type ModelKind = 'window' | 'rnn' | 'lstm' | 'gru' | 'gpt';
/** Every model kind, in CLI order. */
export const MODEL_KINDS: readonly ModelKind[] = ['window', 'rnn', 'lstm', 'gru', 'gpt'];

/**
 * Architecture hyperparameters. `window` is used only by the window model, `hidden` by the window
 * and recurrent models, `heads` and `blockSize` only by the GPT. Runs saved before `layers` and
 * `dropout` existed have one layer and no dropout.
 */
export interface Architecture {
  readonly kind: ModelKind;
  readonly vocabSize: number;
  readonly embedding: number;
  readonly hidden: number;
  /** Previous tokens the window model reads (n). */
  readonly window: number;
  /** Stacked recurrent layers, or GPT blocks (default 1). */
  readonly layers?: number;
  /** Dropout probability: between recurrent layers, or inside the GPT (default 0). */
  readonly dropout?: number;
  /** GPT attention heads. */
  readonly heads?: number;
  /** GPT context length (position table). */
  readonly blockSize?: number;
}

/** Whether the kind carries state across steps (truncated BPTT). */
export function isRecurrent(kind: ModelKind): boolean {
  return kind === 'rnn' || kind === 'lstm' || kind === 'gru';
}

/** One line describing the architecture. */
export function describeArchitecture(a: Architecture): string {
  const dropout = (a.dropout ?? 0) > 0 ? ` · dropout ${a.dropout}` : '';
  if (a.kind === 'window') {
    return `window: ${a.window} × embedding ${a.embedding} → concat ${a.window * a.embedding} → dense ${a.hidden} tanh → dense ${a.vocabSize} softmax`;
  }
  if (a.kind === 'gpt') {
    return `gpt: token + position embedding ${a.embedding} (block ${a.blockSize}) → ${a.layers ?? 1} × pre-norm [causal self-attention, ${a.heads} heads · MLP ${4 * a.embedding} GELU] → LayerNorm → logits ${a.vocabSize} (tied to the token embedding)${dropout}`;
  }
  const layers = (a.layers ?? 1) > 1 ? `${a.layers} × ` : '';
  return `${a.kind}: embedding ${a.embedding} → ${layers}${a.kind.toUpperCase()} ${a.hidden} → dense ${a.vocabSize} softmax${dropout}`;
}
