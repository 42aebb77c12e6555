/** The training loop: progress bar per epoch, test accuracy per epoch, checkpoints, Ctrl-C, resume. */
import { DataLoader, batchToTensors, type ImageClassificationData } from '@nabla/datasets';
import type { Sequential } from '@nabla/layers';
import { Adam, SGD, cosineAnnealing, crossEntropy } from '@nabla/optim';
import { argmax, backendName, equal, keep, sum, tidy, type Tensor } from '@nabla/tensor-core';
import { evaluate } from './evaluate.js';
import { emptyHistory, type History } from './history.js';
import { buildModel, describeArchitecture, type Architecture } from './model.js';
import { ProgressBar } from '@nabla/cli-kit';
import { loadRun, saveRun, type RunConfig } from './run-files.js';

/** Options of `train`. */
export interface TrainOptions {
  readonly out: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly optimizer: 'sgd' | 'adam';
  readonly seed: number;
  readonly resume: boolean;
  readonly dataset: 'mnist' | 'fashion';
  readonly architecture: Architecture;
  readonly log: (line: string) => void;
  /** Set to true (e.g. by SIGINT) to stop after the current batch and save. */
  readonly stopRequested: () => boolean;
}

/** What a finished (or interrupted) run reports. */
export interface TrainResult {
  readonly testAccuracy: number;
  readonly interrupted: boolean;
  readonly seconds: number;
}

/** The optimizers the CLI offers. */
type TrainingOptimizer = Adam | SGD;

function makeOptimizer(kind: 'sgd' | 'adam', model: Sequential, lr: number): TrainingOptimizer {
  return kind === 'adam' ? new Adam(model.parameters(), { lr }) : new SGD(model.parameters(), { lr, momentum: 0.9 });
}

/** Train (or resume) a model on `data`, saving to `options.out`. */
export async function train(data: ImageClassificationData, options: TrainOptions): Promise<TrainResult> {
  const started = performance.now();
  let config: RunConfig;
  let model: Sequential;
  let optimizer: TrainingOptimizer;
  let history: History;
  if (options.resume) {
    const run = await loadRun(options.out);
    config = { ...run.config, epochs: options.epochs };
    model = run.model;
    optimizer = makeOptimizer(config.optimizer, model, config.lr);
    if (run.optimizerState) optimizer.loadStateDict(run.optimizerState);
    history = run.history;
    options.log(`resuming ${options.out} at epoch ${config.progress.epoch + 1}, batch ${config.progress.batch}`);
  } else {
    const architecture = options.architecture;
    config = {
      version: 1, architecture, dataset: options.dataset, optimizer: options.optimizer, lr: options.lr,
      batchSize: options.batchSize, seed: options.seed, epochs: options.epochs, progress: { epoch: 0, batch: 0 },
    };
    model = buildModel(architecture, options.seed);
    optimizer = makeOptimizer(config.optimizer, model, config.lr);
    history = emptyHistory();
  }
  options.log(`model: ${describeArchitecture(config.architecture)} (${model.numParameters()} parameters)`);
  options.log(`backend: ${backendName()} · optimizer: ${config.optimizer} lr ${config.lr} · batch ${config.batchSize} · ${data.train.length} train / ${data.test.length} test images`);

  const loader = new DataLoader({ images: data.train.images, labels: data.train.labels }, { batchSize: config.batchSize, shuffle: true, seed: config.seed });
  // The learning rate follows a cosine from --lr down to 0 over the planned steps; it depends only
  // on the step number, so a resumed run sees exactly the rates the uninterrupted one would.
  const schedule = cosineAnnealing({ tMax: Math.max(1, config.epochs * loader.length) });
  let testAccuracy = history.epochs.at(-1)?.testAccuracy ?? 0;
  let step = config.progress.epoch * loader.length + config.progress.batch; // global step, exact on resume
  model.train();
  for (let epoch = config.progress.epoch; epoch < config.epochs; epoch++) {
    const epochStart = performance.now();
    const bar = new ProgressBar(`epoch ${epoch + 1}/${config.epochs}`, loader.length, 'img');
    let seen = 0, lossSum = 0, correctSum = 0, batch = 0;
    const skip = epoch === config.progress.epoch ? config.progress.batch : 0;
    bar.skip(skip);
    for (const host of loader.hostBatches(epoch)) {
      if (batch++ < skip) continue;
      const { images, labels } = batchToTensors(host);
      const [loss, correct] = tidy(() => {
        optimizer.lr = schedule.lrAt(step, config.lr);
        optimizer.zeroGrad();
        const logits = model.forward(images);
        const l = crossEntropy(logits, labels);
        l.backward();
        optimizer.step();
        return [keep(l.detach()), keep(sum(equal(argmax(logits, 1), labels)))] as [Tensor, Tensor];
      });
      const n = labels.shape[0];
      const lossValue = (await loss.data())[0];
      const correctValue = (await correct.data())[0];
      for (const t of [images, labels, loss, correct]) t.dispose();
      if (!Number.isFinite(lossValue)) throw new Error(`training diverged at epoch ${epoch + 1}, batch ${batch}: loss is ${lossValue} (try a smaller --lr)`);
      seen += n; lossSum += lossValue * n; correctSum += correctValue; step++;
      if (step % 10 === 0) history.steps.push({ step, epoch: epoch + (batch / loader.length), loss: lossSum / seen, accuracy: correctSum / seen });
      bar.tick({ loss: lossSum / seen, accuracy: correctSum / seen }, n);
      if (options.stopRequested()) {
        bar.end();
        config = { ...config, progress: { epoch, batch } };
        await saveRun(options.out, { config, model, optimizer, history });
        options.log(`interrupted: checkpoint saved to ${options.out} (epoch ${epoch + 1}, batch ${batch}); continue with --resume`);
        return { testAccuracy, interrupted: true, seconds: (performance.now() - started) / 1000 };
      }
    }
    bar.end();
    const evaluation = await evaluate(model, data.test);
    testAccuracy = evaluation.accuracy;
    const seconds = (performance.now() - epochStart) / 1000;
    history.epochs.push({
      epoch: epoch + 1, trainLoss: lossSum / Math.max(1, seen), trainAccuracy: correctSum / Math.max(1, seen),
      testAccuracy, seconds, imagesPerSecond: seen / seconds,
    });
    config = { ...config, progress: { epoch: epoch + 1, batch: 0 } };
    await saveRun(options.out, { config, model, optimizer, history });
    options.log(
      `epoch ${epoch + 1}/${config.epochs}: train loss ${(lossSum / Math.max(1, seen)).toFixed(4)} · train acc ${((100 * correctSum) / Math.max(1, seen)).toFixed(2)}% · ` +
      `test acc ${(100 * testAccuracy).toFixed(2)}% · ${seconds.toFixed(1)} s · ${Math.round(seen / seconds)} img/s`,
    );
  }
  return { testAccuracy, interrupted: false, seconds: (performance.now() - started) / 1000 };
}
