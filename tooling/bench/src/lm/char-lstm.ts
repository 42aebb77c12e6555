/**
 * The char-LSTM language model of apps/language-model, rebuilt from @nabla/layers: embedding →
 * LSTM → dense logits at every step, with the state carried across chunks as in training.
 */
import '@nabla/autograd';
import { Dense, Embedding, LSTM } from '@nabla/layers';
import { Adam, clipGradNorm, crossEntropy } from '@nabla/optim';
import { Rng, tensor, tidy } from '@nabla/tensor-core';
import type { Tensor } from '@nabla/tensor-core';

/** The model's sizes and the chunk a step trains on. */
export interface CharLstmConfig {
  readonly vocabSize: number;
  readonly embedding: number;
  readonly hidden: number;
  readonly seqLength: number;
  readonly batchSize: number;
}

/** Moby-Dick's vocabulary and the app's default LSTM sizes. */
export const CHAR_LSTM: CharLstmConfig = { vocabSize: 86, embedding: 32, hidden: 128, seqLength: 32, batchSize: 32 };

/** A training step on random token chunks that resolves to the loss it read back. */
export interface LmTrainingStep {
  run(): Promise<number>;
  dispose(): void;
}

/** Forward (with carried state), cross-entropy, backward through time, clipping to norm 1, Adam. */
export function charLstmStep(config: CharLstmConfig = CHAR_LSTM): LmTrainingStep {
  const { vocabSize: V, embedding: E, hidden: H, seqLength: T, batchSize: B } = config;
  const rng = new Rng(1);
  const embed = new Embedding(V, E, { rng });
  const cell = new LSTM(E, H, { rng });
  const output = new Dense(H, V, { rng });
  const parameters = [...embed.parameters(), ...cell.parameters(), ...output.parameters()];
  const optimizer = new Adam(parameters, { lr: 0.001 });
  let state: { h: Tensor; c: Tensor } | null = null;
  const disposeState = (): void => {
    state?.h.dispose();
    state?.c.dispose();
    state = null;
  };
  return {
    async run() {
      const input = Int32Array.from({ length: B * T }, () => rng.int(0, V));
      const target = Int32Array.from({ length: B * T }, () => rng.int(0, V));
      const previous = state;
      const r = tidy(() => {
        optimizer.zeroGrad();
        const out = cell.forward(embed.forward(tensor(input, [B, T], 'int32')), previous ?? {});
        const logits = output.forward(out.output.reshape([B * T, H]));
        const loss = crossEntropy(logits, tensor(target, [B * T], 'int32'));
        loss.backward();
        clipGradNorm(parameters, 1).dispose();
        optimizer.step();
        return { loss: loss.detach(), h: out.h.detach(), c: out.c.detach() };
      });
      previous?.h.dispose();
      previous?.c.dispose();
      state = { h: r.h, c: r.c };
      const [value] = await r.loss.data();
      r.loss.dispose();
      return value;
    },
    dispose() {
      disposeState();
      optimizer.zeroGrad();
      for (const m of [embed, cell, output]) m.dispose();
    },
  };
}
