/**
 * Held-out scoring: the mean negative log-likelihood (nats per token) of every token of a stream.
 * The first token is predicted from `<bos>` alone, as the n-gram baselines do.
 */
import { noGrad } from '@nabla/autograd';
import { WindowDataset } from '@nabla/datasets';
import { crossEntropy } from '@nabla/optim';
import { tensor, tidy, type Tensor } from '@nabla/tensor-core';
import type { LanguageModel } from './models/build-model.js';
import type { WindowLM } from './models/window-lm.js';
import { GptLM } from './models/gpt-lm.js';
import { RecurrentLM, type RecurrentState } from './models/recurrent-lm.js';

/** How evaluation batches a stream (the result does not depend on it). */
export interface EvalLayout {
  /** Parallel rows for a recurrent model. */
  readonly rows: number;
  /** Steps per chunk for a recurrent model (state carried between chunks). */
  readonly steps: number;
  /** Windows per batch for the window model; blocks per batch for the GPT. */
  readonly windows: number;
}

/** The default layout. */
export const DEFAULT_EVAL_LAYOUT: EvalLayout = { rows: 32, steps: 64, windows: 512 };

/** Mean NLL in nats per token of `stream` (length ≥ 1) under `model`, with `<bos>` id `bosId`. */
export async function meanNll(model: LanguageModel, stream: Int32Array, bosId: number, layout: EvalLayout = DEFAULT_EVAL_LAYOUT): Promise<number> {
  if (stream.length === 0) throw new RangeError('meanNll: empty token stream');
  model.eval();
  try {
    const total = model instanceof RecurrentLM ? await recurrentTotal(model, stream, bosId, layout)
      : model instanceof GptLM ? await gptTotal(model, stream, bosId, Math.max(1, Math.floor(layout.windows / 32)))
        : await windowTotal(model, stream, bosId, layout.windows);
    return total / stream.length;
  } finally {
    model.train();
  }
}

async function sumLoss(fn: () => Tensor): Promise<number> {
  const t = noGrad(() => tidy(fn));
  const v = (await t.data())[0];
  t.dispose();
  return v;
}

/**
 * Where the GPT's scoring windows start: windows of blockSize tokens over `<bos>` + stream, each
 * starting half a block after the previous one (the last one ending at the stream's end), so every
 * token but those of the first half-block is predicted from at least blockSize / 2 tokens of
 * context. Each window scores the targets the previous one did not.
 */
export function gptWindows(streamLength: number, blockSize: number): { start: number; scoreFrom: number }[] {
  const stride = Math.max(1, Math.floor(blockSize / 2));
  const out: { start: number; scoreFrom: number }[] = [];
  let scored = 0; // targets 0 … scored − 1 are done
  for (let start = 0; scored < streamLength; start += stride) {
    const begin = Math.min(start, Math.max(0, streamLength - blockSize));
    out.push({ start: begin, scoreFrom: scored - begin });
    scored = Math.min(streamLength, begin + blockSize);
  }
  return out;
}

async function gptTotal(model: GptLM, stream: Int32Array, bosId: number, perBatch: number): Promise<number> {
  const n = stream.length;
  const t = Math.min(model.blockSize, n);
  // input position i is <bos> for i = 0, else stream[i − 1]; target i is stream[i]
  const windows = gptWindows(n, t);
  let total = 0;
  for (let first = 0; first < windows.length; first += perBatch) {
    const group = windows.slice(first, first + perBatch);
    const input = new Int32Array(group.length * t);
    const target = new Int32Array(group.length * t);
    const weight = new Float32Array(group.length * t);
    group.forEach(({ start, scoreFrom }, r) => {
      for (let j = 0; j < t; j++) {
        const at = start + j;
        input[r * t + j] = at === 0 ? bosId : stream[at - 1];
        target[r * t + j] = stream[at];
        weight[r * t + j] = j >= scoreFrom ? 1 : 0;
      }
    });
    total += await sumLoss(() => crossEntropy(model.forward(tensor(input, [group.length, t], 'int32')), tensor(target, [target.length], 'int32'), { reduction: 'none' })
      .mul(tensor(weight, [weight.length], 'float32')).sum());
  }
  return total;
}

async function windowTotal(model: WindowLM, stream: Int32Array, bosId: number, perBatch: number): Promise<number> {
  const n = model.window;
  const padded = new Int32Array(n + stream.length).fill(bosId, 0, n);
  padded.set(stream, n);
  const windows = new WindowDataset(padded, n);
  let total = 0;
  for (let start = 0; start < windows.length; start += perBatch) {
    const idx = Int32Array.from({ length: Math.min(perBatch, windows.length - start) }, (_, i) => start + i);
    const batch = windows.gather(idx);
    total += await sumLoss(() => crossEntropy(
      model.forward(tensor(batch.input.data, batch.input.shape, 'int32')),
      tensor(batch.target.data, batch.target.shape, 'int32'),
      { reduction: 'sum' },
    ));
  }
  return total;
}

async function recurrentTotal(model: RecurrentLM, stream: Int32Array, bosId: number, layout: EvalLayout): Promise<number> {
  const rows = Math.min(layout.rows, stream.length);
  const length = Math.floor(stream.length / rows);
  let total = await scoreRows(model, stream.subarray(0, rows * length), rows, bosId, layout.steps);
  const tail = stream.subarray(rows * length);
  if (tail.length > 0) total += await scoreRows(model, tail, 1, bosId, layout.steps);
  return total;
}

/** Score `block` cut into `rows` equal contiguous rows, each starting from `<bos>` and zero state. */
async function scoreRows(model: RecurrentLM, block: Int32Array, rows: number, bosId: number, steps: number): Promise<number> {
  const length = block.length / rows;
  let state: RecurrentState | undefined;
  let total = 0;
  for (let start = 0; start < length; start += steps) {
    const t = Math.min(steps, length - start);
    const input = new Int32Array(rows * t);
    const target = new Int32Array(rows * t);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < t; j++) {
        const at = r * length + start + j;
        target[r * t + j] = block[at];
        input[r * t + j] = start + j === 0 ? bosId : block[at - 1];
      }
    }
    const previous = state;
    const result = noGrad(() => tidy(() => {
      const out = model.forward(tensor(input, [rows, t], 'int32'), previous);
      const loss = crossEntropy(out.logits, tensor(target, [rows * t], 'int32'), { reduction: 'sum' });
      return { loss, h: out.state.h, c: out.state.c };
    }));
    if (previous) disposeState(previous);
    state = { h: result.h, c: result.c };
    const loss = result.loss;
    total += (await loss.data())[0];
    loss.dispose();
  }
  if (state) disposeState(state);
  return total;
}

/** Free a recurrent state's tensors. */
export function disposeState(state: RecurrentState): void {
  state.h.dispose();
  state.c?.dispose();
}
