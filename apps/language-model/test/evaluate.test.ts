/**
 * Held-out scoring against a naive reference: feed each token one at a time (batch 1) and add up
 * −log softmax in plain JavaScript. The batched evaluation must give the same mean.
 */
import '@nabla/autograd';
import '@nabla/backend-js';
import { setBackend, tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanNll } from '../src/evaluate.js';
import { buildModel } from '../src/models/build-model.js';
import type { RecurrentLM, RecurrentState } from '../src/models/recurrent-lm.js';
import type { WindowLM } from '../src/models/window-lm.js';

const BOS = 1;
const VOCAB = 9;

function logSoftmaxAt(logits: ArrayLike<number>, target: number): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  let z = 0;
  for (let i = 0; i < logits.length; i++) z += Math.exp(logits[i] - max);
  return logits[target] - max - Math.log(z);
}

function stream(length: number, seed: number): Int32Array {
  let s = seed;
  return Int32Array.from({ length }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return 3 + (s % (VOCAB - 3));
  });
}

beforeAll(async () => {
  await setBackend('js');
});

describe('meanNll', () => {
  it('window model: every token scored from the previous n tokens, <bos>-padded', async () => {
    const model = buildModel({ kind: 'window', vocabSize: VOCAB, embedding: 3, hidden: 5, window: 3 }, 2) as WindowLM;
    const tokens = stream(40, 5);
    const padded = [BOS, BOS, BOS, ...tokens];
    let total = 0;
    for (let i = 0; i < tokens.length; i++) {
      const logits = model.forward(tensor(Int32Array.from(padded.slice(i, i + 3)), [1, 3], 'int32')).dataSync();
      total -= logSoftmaxAt(logits, tokens[i]);
    }
    expect(await meanNll(model, tokens, BOS)).toBeCloseTo(total / tokens.length, 4);
  });

  for (const kind of ['rnn', 'lstm', 'gru'] as const) {
    it(`${kind}: 32 rows from <bos> and zero state, then the tail as one more row`, async () => {
      const model = buildModel({ kind, vocabSize: VOCAB, embedding: 3, hidden: 4, window: 1 }, 3) as RecurrentLM;
      const tokens = stream(70, 11); // 32 rows of 2 tokens + a tail of 6
      const rows: Int32Array[] = [];
      for (let r = 0; r < 32; r++) rows.push(tokens.subarray(2 * r, 2 * r + 2));
      rows.push(tokens.subarray(64));
      let total = 0;
      for (const row of rows) {
        let state: RecurrentState | undefined;
        let input = BOS;
        for (const target of row) {
          const out = model.forward(tensor(Int32Array.of(input), [1, 1], 'int32'), state);
          total -= logSoftmaxAt(out.logits.dataSync(), target);
          state = out.state;
          input = target;
        }
      }
      expect(await meanNll(model, tokens, BOS)).toBeCloseTo(total / tokens.length, 4);
    });
  }

  it('carries the state across chunks and batches windows without changing the result', async () => {
    const lstm = buildModel({ kind: 'lstm', vocabSize: VOCAB, embedding: 3, hidden: 4, window: 1 }, 4) as RecurrentLM;
    const tokens = stream(43, 17); // 4 rows of 10 tokens in chunks of 3, then a tail of 3
    let total = 0;
    for (const row of [0, 1, 2, 3, 4].map((r) => tokens.subarray(10 * r, r < 4 ? 10 * r + 10 : 43))) {
      let state: RecurrentState | undefined;
      let input = BOS;
      for (const target of row) {
        const out = lstm.forward(tensor(Int32Array.of(input), [1, 1], 'int32'), state);
        total -= logSoftmaxAt(out.logits.dataSync(), target);
        state = out.state;
        input = target;
      }
    }
    expect(await meanNll(lstm, tokens, BOS, { rows: 4, steps: 3, windows: 1 })).toBeCloseTo(total / tokens.length, 4);
    const window = buildModel({ kind: 'window', vocabSize: VOCAB, embedding: 2, hidden: 3, window: 2 }, 5);
    expect(await meanNll(window, tokens, BOS, { rows: 1, steps: 1, windows: 5 })).toBeCloseTo(await meanNll(window, tokens, BOS), 5);
  });

  it('rejects an empty stream', async () => {
    const model = buildModel({ kind: 'gru', vocabSize: VOCAB, embedding: 2, hidden: 2, window: 1 }, 1);
    await expect(meanNll(model, new Int32Array(0), BOS)).rejects.toThrow(/empty token stream/);
  });
});
