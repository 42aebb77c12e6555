import { SGD, Adam, crossEntropy, cosineAnnealing } from '@nabla/optim';
import { globalRng, memory, tidy, type Tensor } from '@nabla/tensor-core';
import { describe, expect, it } from 'vitest';
import { Accuracy, DivergenceError, History, TrainArgumentError, evaluate, fit, predict, type FitState } from '../src/index.js';
import { arrayBatches, blobs, mlp, useJsBackend, weightsOf } from './helpers.js';

useJsBackend();

describe('fit', () => {
  it('takes exactly the steps of a hand-written loop (same batches, rates, dropout draws)', async () => {
    const data = blobs(60);
    const source = arrayBatches(data, 16);
    const schedule = cosineAnnealing({ tMax: 8 });

    globalRng.reseed(5);
    const reference = mlp();
    const refOpt = new SGD(reference.parameters(), { lr: 0.1, momentum: 0.9 });
    let step = 0;
    for (let epoch = 0; epoch < 2; epoch++) {
      for (let i = 0; i < source.length; i++) {
        const b = source.batch(epoch, i);
        refOpt.lr = schedule.lrAt(step++, 0.1);
        tidy(() => {
          refOpt.zeroGrad();
          crossEntropy(reference.forward(b.input), b.target).backward();
          refOpt.step();
        });
        b.input.dispose();
        b.target.dispose();
      }
    }

    globalRng.reseed(5);
    const model = mlp();
    const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const result = await fit(model, { train: source, loss: crossEntropy, optimizer, epochs: 2, schedule });
    expect(result.status).toBe('completed');
    expect(result.state.globalStep).toBe(8);
    expect(result.epochs.map((e) => e.epoch)).toEqual([0, 1]);
    expect(weightsOf(model)).toEqual(weightsOf(reference));
  });

  it('resumed after an abort, ends bit-for-bit where the uninterrupted run ends', async () => {
    const data = blobs(90);
    const source = arrayBatches(data, 16);
    const run = async (stopAt: number | null): Promise<number[]> => {
      globalRng.reseed(11);
      const model = mlp(3);
      const optimizer = new Adam(model.parameters(), { lr: 0.02 });
      const history = new History(2);
      const options = { train: source, validation: arrayBatches(blobs(30, 9), 16), loss: crossEntropy, optimizer, epochs: 3, metrics: [new Accuracy()], clipGradNorm: 1, schedule: cosineAnnealing({ tMax: 18 }) };
      if (stopAt === null) {
        await fit(model, { ...options, callbacks: [history] });
        return [...weightsOf(model), ...history.data.steps.map((s) => s.loss), ...history.data.epochs.flatMap((e) => Object.values(e.values))];
      }
      const controller = new AbortController();
      const stopper = { name: 'stopper', onStepEnd: (log: { globalStep: number }) => { if (log.globalStep === stopAt) controller.abort(); } };
      const first = await fit(model, { ...options, callbacks: [history, stopper], signal: controller.signal });
      expect(first.status).toBe('aborted');
      expect(first.state.globalStep).toBe(stopAt);
      // a fresh process: new model and optimizer restored from saved state, RNG scrambled
      const state = JSON.parse(JSON.stringify(first.state)) as FitState;
      const optState = optimizer.stateDict();
      const saved = model.stateDict();
      globalRng.reseed(999);
      const model2 = mlp(40);
      model2.loadStateDict(saved);
      const optimizer2 = new Adam(model2.parameters(), { lr: 0.5 });
      optimizer2.loadStateDict(optState);
      const history2 = new History(2);
      const second = await fit(model2, { ...options, optimizer: optimizer2, callbacks: [history2], resume: state });
      expect(second.status).toBe('completed');
      return [...weightsOf(model2), ...history2.data.steps.map((s) => s.loss), ...history2.data.epochs.flatMap((e) => Object.values(e.values))];
    };
    const straight = await run(null);
    expect(await run(4)).toEqual(straight); // mid-epoch (6 batches per epoch)
    expect(await run(12)).toEqual(straight); // on an epoch boundary
  });

  it('yields to the event loop while training, so a timer can abort it within one step', async () => {
    const source = arrayBatches(blobs(3000), 8);
    const model = mlp();
    const controller = new AbortController();
    let stepsAfterAbort = -1;
    let steps = 0;
    setTimeout(() => { controller.abort(); stepsAfterAbort = 0; }, 30);
    const counter = { name: 'counter', onStepEnd: () => { steps++; if (stepsAfterAbort >= 0) stepsAfterAbort++; } };
    const started = performance.now();
    const result = await fit(model, { train: source, loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.01 }), epochs: 50, signal: controller.signal, callbacks: [counter] });
    expect(result.status).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(steps).toBeGreaterThan(0);
    expect(stepsAfterAbort).toBeLessThanOrEqual(1);
    expect(result.state.globalStep).toBe(steps);
  });

  it('runs a step budget (steps) across epochs and stops mid-epoch', async () => {
    const source = arrayBatches(blobs(40), 16); // 3 batches per epoch
    const model = mlp();
    const result = await fit(model, { train: source, loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.01 }), steps: 7 });
    expect(result.status).toBe('completed');
    expect(result.state).toMatchObject({ globalStep: 7, epoch: 2, index: 1, finished: true });
    expect(result.epochs).toHaveLength(2);
  });

  it('leaks no tensors over training, validation and metrics', async () => {
    const source = arrayBatches(blobs(64), 16);
    const model = mlp();
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    const options = { train: source, validation: source, loss: crossEntropy, optimizer, metrics: [new Accuracy()], clipGradNorm: 1, epochs: 1 };
    await fit(model, options); // optimizer state allocated
    const before = memory().numTensors;
    await fit(model, { ...options, epochs: 3 });
    expect(memory().numTensors).toBe(before);
  });

  it('takes a validation function and reports its figures as val_*; a model whose forward returns no tensor needs `forward`', async () => {
    const source = arrayBatches(blobs(32), 16);
    const model = mlp();
    const seen: number[] = [];
    const result = await fit(model, {
      train: source, loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 2,
      validation: (m) => { seen.push(weightsOf(m)[0]); return Promise.resolve({ score: seen.length }); },
    });
    expect(result.epochs.map((e) => e.values.val_score)).toEqual([1, 2]);
    const wrapped = { parameters: () => model.parameters(), forward: (x: Tensor) => ({ logits: model.forward(x) }) };
    const options = { train: source, loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 1 };
    await expect(fit(wrapped, options)).rejects.toThrow(/fit: model.forward\(input\) did not return a tensor; pass a `forward` option/);
    expect((await fit(wrapped, { ...options, forward: (m, b) => m.forward(b.input).logits })).status).toBe('completed');
  });

  it('refuses bad options with typed errors naming fit', async () => {
    const source = arrayBatches(blobs(20), 8);
    const model = mlp();
    const optimizer = new SGD(model.parameters(), { lr: 0.01 });
    await expect(fit(model, { train: source, loss: crossEntropy, optimizer })).rejects.toThrow(TrainArgumentError);
    await expect(fit(model, { train: source, loss: crossEntropy, optimizer, epochs: 1, steps: 3 })).rejects.toThrow(/exactly one of epochs and steps/);
    await expect(fit(model, { train: source, loss: crossEntropy, optimizer, epochs: 0 })).rejects.toThrow(/epochs must be a positive integer/);
    await expect(fit(model, { train: source, loss: crossEntropy, optimizer, epochs: 1, clipGradNorm: -1 })).rejects.toThrow(/clipGradNorm/);
    const first = await fit(model, { train: source, loss: crossEntropy, optimizer, epochs: 1 });
    await expect(fit(model, { train: arrayBatches(blobs(40), 8), loss: crossEntropy, optimizer, epochs: 1, resume: { ...first.state, index: 1, globalStep: 4 } }))
      .rejects.toThrow(/does not match epoch/);
    await expect(fit(model, { train: source, loss: crossEntropy, optimizer, epochs: 2, resume: first.state })).rejects.toThrow(/plans/);
  });

  it('throws a DivergenceError naming the step when the loss is not finite', async () => {
    const source = arrayBatches(blobs(32), 8);
    const model = mlp();
    const poisoned = { name: 'poison', onStepEnd: () => { for (const p of model.parameters()) p.assign(p.mul(Number.NaN)); } };
    await expect(fit(model, { train: source, loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 1, callbacks: [poisoned] }))
      .rejects.toThrow(DivergenceError);
  });
});

describe('evaluate and predict', () => {
  it('evaluate gives the mean loss and accuracy of an eval-mode pass, restoring training mode', async () => {
    const data = blobs(50);
    const source = arrayBatches(data, 16);
    const model = mlp();
    model.train();
    const result = await evaluate(model, source, { loss: crossEntropy, metrics: [new Accuracy()] });
    expect(model.training).toBe(true);
    model.eval();
    const all = source.batch(0, 0);
    // reference: one pass over all rows at once (eval mode: no dropout)
    const big = arrayBatches(data, 50).batch(0, 0);
    const logits = model.forward(big.input);
    const loss = crossEntropy(logits, big.target).item();
    const predicted = logits.argmax(1).dataSync();
    const labels = big.target.dataSync();
    let correct = 0;
    for (let i = 0; i < 50; i++) if (predicted[i] === labels[i]) correct++;
    expect(result.loss).toBeCloseTo(loss, 5);
    expect(result.accuracy).toBe(correct / 50);
    for (const t of [all.input, all.target, big.input, big.target, logits]) t.dispose();
  });

  it('predict matches one forward pass, in batches', async () => {
    const data = blobs(21);
    const model = mlp();
    model.eval();
    const x = arrayBatches(data, 21).batch(0, 0).input;
    const whole = model.forward(x);
    model.train();
    const out = await predict(model, x, { batchSize: 4 });
    expect(out.shape).toEqual([21, 3]);
    expect(Array.from(out.dataSync() as Float32Array)).toEqual(Array.from(whole.dataSync() as Float32Array));
    expect(model.training).toBe(true);
    await expect(predict(model, x, { batchSize: 0 })).rejects.toThrow(/batchSize/);
  });
});
