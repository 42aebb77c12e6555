/** The model kinds and their hyperparameters, as saved in a run's config.json. */

/** Which network: the fixed-window MLP or one of the recurrent cells. */
export type ModelKind = 'window' | 'rnn' | 'lstm' | 'gru';
/** Every model kind, in CLI order. */
export const MODEL_KINDS: readonly ModelKind[] = ['window', 'rnn', 'lstm', 'gru'];

/** Architecture hyperparameters; `window` is used only by the window model. */
export interface Architecture {
  readonly kind: ModelKind;
  readonly vocabSize: number;
  readonly embedding: number;
  readonly hidden: number;
  /** Previous tokens the window model reads (n). */
  readonly window: number;
}

/** Whether the kind carries state across steps (truncated BPTT). */
export function isRecurrent(kind: ModelKind): boolean {
  return kind !== 'window';
}

/** One line describing the architecture. */
export function describeArchitecture(a: Architecture): string {
  if (a.kind === 'window') {
    return `window: ${a.window} × embedding ${a.embedding} → concat ${a.window * a.embedding} → dense ${a.hidden} tanh → dense ${a.vocabSize} softmax`;
  }
  return `${a.kind}: embedding ${a.embedding} → ${a.kind.toUpperCase()} ${a.hidden} → dense ${a.vocabSize} softmax`;
}
