/**
 * Recurrent language models: embedding → SimpleRNN | LSTM | GRU (the same weights at every step)
 * → dense logits at every step. State is explicit so training can carry it across chunks.
 */
import { Dense, Embedding, GRU, LSTM, Module, SimpleRNN } from '@nabla/layers';
import { ShapeError, type Rng, type Tensor } from '@nabla/tensor-core';

/** Recurrent state: hidden `h` [1, B, H] and, for the LSTM, cell `c`. */
export interface RecurrentState {
  readonly h: Tensor;
  readonly c?: Tensor;
}

/** Logits for every step and the state after the last one. */
export interface RecurrentStep {
  /** [B·T, V], row b·T + t is batch row b at step t. */
  readonly logits: Tensor;
  readonly state: RecurrentState;
}

/** Recurrent LM: int32 tokens [B, T] (+ state) → logits [B·T, V] and the next state. */
export class RecurrentLM extends Module<[Tensor, RecurrentState?], RecurrentStep> {
  readonly embed: Embedding;
  readonly cell: SimpleRNN | LSTM | GRU;
  readonly output: Dense;

  constructor(readonly kind: 'rnn' | 'lstm' | 'gru', readonly vocabSize: number, embedding: number, readonly hidden: number, rng: Rng) {
    super();
    this.embed = new Embedding(vocabSize, embedding, { rng });
    this.cell = kind === 'rnn' ? new SimpleRNN(embedding, hidden, { rng }) : kind === 'lstm' ? new LSTM(embedding, hidden, { rng }) : new GRU(embedding, hidden, { rng });
    this.output = new Dense(hidden, vocabSize, { rng });
  }

  forward(tokens: Tensor, state?: RecurrentState): RecurrentStep {
    if (tokens.rank !== 2) throw new ShapeError('RecurrentLM', `input must be [batch, time] token ids, got [${tokens.shape.join(',')}]`);
    const [b, t] = tokens.shape;
    const x = this.embed.call(tokens);
    let out: Tensor;
    let next: RecurrentState;
    if (this.cell instanceof LSTM) {
      const r = this.cell.call(x, state ? { h: state.h, c: state.c } : {});
      out = r.output;
      next = { h: r.h, c: r.c };
    } else {
      const r = this.cell.call(x, state?.h);
      out = r.output;
      next = { h: r.h };
    }
    return { logits: this.output.call(out.reshape([b * t, this.hidden])), state: next };
  }
}
