/**
 * Training throughput of a recurrent language model: tokens per second of full optimizer steps
 * (forward, backward, clipping, Adam) on random token chunks, with the state carried as in training.
 */
import '@nabla/autograd';
import { Adam, clipGradNorm, crossEntropy } from '@nabla/optim';
import { Rng, tensor, tidy } from '@nabla/tensor-core';
import { disposeState } from './evaluate.js';
import { RecurrentLM, type RecurrentState } from './models/recurrent-lm.js';

/** What to measure. */
export interface ThroughputOptions {
  readonly kind: 'rnn' | 'lstm' | 'gru';
  readonly vocabSize: number;
  readonly embedding: number;
  readonly hidden: number;
  readonly seqLength: number;
  readonly batchSize: number;
  /** Untimed steps first. */
  readonly warmupSteps: number;
  /** Timed steps. */
  readonly steps: number;
}

/** Tokens per second (and seconds per step) of training steps on the active backend. */
export async function measureTrainingThroughput(o: ThroughputOptions): Promise<{ tokensPerSecond: number; secondsPerStep: number }> {
  const rng = new Rng(1);
  const model = new RecurrentLM(o.kind, o.vocabSize, o.embedding, o.hidden, rng);
  const optimizer = new Adam(model.parameters(), { lr: 0.001 });
  let state: RecurrentState | undefined;
  const step = async (): Promise<void> => {
    const ids = Int32Array.from({ length: o.batchSize * (o.seqLength + 1) }, () => rng.int(0, o.vocabSize));
    const input = Int32Array.from({ length: o.batchSize * o.seqLength }, (_, i) => ids[Math.floor(i / o.seqLength) * (o.seqLength + 1) + (i % o.seqLength)]);
    const target = Int32Array.from({ length: o.batchSize * o.seqLength }, (_, i) => ids[Math.floor(i / o.seqLength) * (o.seqLength + 1) + (i % o.seqLength) + 1]);
    const previous = state;
    const r = tidy(() => {
      optimizer.zeroGrad();
      const out = model.forward(tensor(input, [o.batchSize, o.seqLength], 'int32'), previous);
      const loss = crossEntropy(out.logits, tensor(target, [o.batchSize * o.seqLength], 'int32'));
      loss.backward();
      clipGradNorm(model.parameters(), 1).dispose();
      optimizer.step();
      return { loss: loss.detach(), h: out.state.h.detach(), c: out.state.c?.detach() };
    });
    if (previous) disposeState(previous);
    state = { h: r.h, c: r.c };
    await r.loss.data();
    r.loss.dispose();
  };
  for (let i = 0; i < o.warmupSteps; i++) await step();
  const start = performance.now();
  for (let i = 0; i < o.steps; i++) await step();
  const seconds = (performance.now() - start) / 1000;
  if (state) disposeState(state);
  model.dispose();
  return { tokensPerSecond: (o.steps * o.batchSize * o.seqLength) / seconds, secondsPerStep: seconds / o.steps };
}
