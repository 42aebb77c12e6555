/** A recurrent classifier for the first-bit task: an RNN or LSTM cell, then Dense(H → 2) on the last state. */
import { gradients, noGrad, requireGrad } from '@nabla/autograd';
import { Dense, LSTM, SimpleRNN } from '@nabla/layers';
import { crossEntropy } from '@nabla/optim';
import { Rng, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import type { SequenceBatch } from './first-bit-task.js';

/** Which cell: Elman RNN with tanh, or LSTM. */
export type CellKind = 'rnn' | 'lstm';

/**
 * Add `amount` to the forget gate's input bias (gate order i, f, g, o), the usual LSTM start
 * (Jozefowicz et al., 2015): the cell keeps most of its memory until it learns otherwise.
 */
function addForgetBias(lstm: LSTM, hidden: number, amount: number): void {
  const bias = lstm.stateDict().bias_ih_l0;
  const shift = new Float32Array(4 * hidden);
  shift.fill(amount, hidden, 2 * hidden);
  noGrad(() => tidy(() => { bias.assign(bias.add(tensor(shift, [4 * hidden]))); }));
}

/** The cell, the output layer and their parameters. */
export class SequenceClassifier {
  readonly cell: SimpleRNN | LSTM;
  readonly head: Dense;

  constructor(readonly kind: CellKind, readonly hidden: number, seed: number) {
    const rng = new Rng(seed);
    this.cell = kind === 'rnn' ? new SimpleRNN(1, hidden, { rng }) : new LSTM(1, hidden, { rng });
    this.head = new Dense(hidden, 2, { rng });
    if (this.cell instanceof LSTM) addForgetBias(this.cell, hidden, 1);
  }

  parameters(): Tensor[] {
    return [...this.cell.parameters(), ...this.head.parameters()];
  }

  /** Logits [B, 2] from the final hidden state of inputs [B, T, 1]. */
  logits(x: Tensor): Tensor {
    const out = this.cell instanceof LSTM ? this.cell.forward(x) : this.cell.forward(x);
    const [, b, h] = out.h.shape;
    return this.head.forward(out.h.reshape([b, h]));
  }

  /** Mean cross-entropy on `batch`. */
  loss(batch: SequenceBatch): Tensor {
    const x = tensor(batch.x, [batch.batch, batch.steps, 1]);
    return crossEntropy(this.logits(x), tensor(batch.labels, [batch.batch], 'int32'));
  }

  dispose(): void {
    this.cell.dispose();
    this.head.dispose();
  }
}

/** Loss, accuracy and mean |∂L/∂xₜ| at every time step t of `batch` (no parameter gradients touched). */
export async function gradientThroughTime(model: SequenceClassifier, batch: SequenceBatch): Promise<{ loss: number; accuracy: number; perStep: Float32Array }> {
  const { batch: b, steps } = batch;
  const r = tidy(() => {
    const x = requireGrad(tensor(batch.x, [b, steps, 1]));
    const logits = model.logits(x);
    const loss = crossEntropy(logits, tensor(batch.labels, [b], 'int32'));
    const [dx] = gradients(loss, [x]);
    if (dx === null) throw new Error('gradientThroughTime: the loss does not depend on the inputs');
    return { loss, predicted: logits.argmax(1), perStep: dx.abs().reshape([b, steps]).mean(0) };
  });
  const loss = (await r.loss.data())[0];
  const predicted = await r.predicted.data();
  const perStep = Float32Array.from(await r.perStep.data());
  for (const t of Object.values(r)) t.dispose();
  let correct = 0;
  for (let i = 0; i < b; i++) if (predicted[i] === batch.labels[i]) correct++;
  return { loss, accuracy: correct / b, perStep };
}
