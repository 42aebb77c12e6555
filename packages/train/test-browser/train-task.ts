/** The training run both browser tests perform: fit on a small 3-class set, aborted by a timer after `abortAfterMs`. */
import '@nabla/backend-js';
import '@nabla/autograd';
import { Dense, Sequential, Tanh } from '@nabla/layers';
import { SGD, crossEntropy } from '@nabla/optim';
import { Rng, setBackend, tensor } from '@nabla/tensor-core';
import { Accuracy, fit, type BatchSource } from '../src/index.js';

/** What a run reports back. */
export interface TaskReport {
  readonly hasSetImmediate: boolean;
  readonly status: string;
  readonly steps: number;
  /** Steps that ran after the timer fired (at most one: the one in flight). */
  readonly stepsAfterAbort: number;
  readonly firstLoss: number;
  readonly lastLoss: number;
  readonly accuracy: number;
}

/** Train until the timer aborts (the epoch count is far more than a fast machine gets through first); report what happened. */
export async function trainTask(abortAfterMs: number): Promise<TaskReport> {
  await setBackend('js');
  const rng = new Rng(4);
  const n = 96;
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    x[2 * i] = Math.cos((2 * Math.PI * c) / 3) * 2 + rng.normal() * 0.5;
    x[2 * i + 1] = Math.sin((2 * Math.PI * c) / 3) * 2 + rng.normal() * 0.5;
    y[i] = c;
  }
  const train: BatchSource = {
    length: 6,
    batch: (_epoch, b) => ({ input: tensor(x.slice(b * 32, b * 32 + 32), [16, 2]), target: tensor(y.slice(b * 16, b * 16 + 16), [16], 'int32') }),
  };
  const model = new Sequential(new Dense(2, 16, { seed: 1 }), new Tanh(), new Dense(16, 3, { seed: 2 }));
  const controller = new AbortController();
  let fired = -1;
  const losses: number[] = [];
  setTimeout(() => { fired = losses.length; controller.abort(); }, abortAfterMs);
  const result = await fit(model, {
    train, loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 1_000_000, metrics: [new Accuracy()], signal: controller.signal,
    callbacks: [{ name: 'losses', onStepEnd: (log) => { losses.push(log.loss); } }],
  });
  return {
    hasSetImmediate: typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function',
    status: result.status, steps: result.state.globalStep, stepsAfterAbort: fired < 0 ? -1 : losses.length - fired,
    firstLoss: losses[0], lastLoss: losses.at(-1) ?? Number.NaN, accuracy: result.epochs.at(-1)?.values.accuracy ?? Number.NaN,
  };
}
