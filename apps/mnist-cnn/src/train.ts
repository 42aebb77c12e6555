/** Training (or resuming) the CNN with @nabla/train's fit: test loss and accuracy per epoch, a commit per epoch and on stop. */
import { ArrayDataset, DataLoader, batchToTensors, type ImageClassificationData, type ImageSplit } from '@nabla/datasets';
import type { Sequential } from '@nabla/layers';
import { Adam, SGD, cosineAnnealing, crossEntropy, type Optimizer } from '@nabla/optim';
import { Accuracy, History, Progress, fit, type BatchSource, type FitResult, type FitState } from '@nabla/train';
import { buildModel } from './model.js';
import { saveRun, type LoadedRun, type RunConfig } from './run-files.js';

/** Batch i of an epoch, in the loader's (seed, epoch) order. */
function batches(split: ImageSplit, batchSize: number, seed: number, shuffle: boolean): BatchSource {
  const rows = new ArrayDataset({ images: split.images, labels: split.labels });
  const loader = new DataLoader(rows, { batchSize, shuffle, seed });
  let cached: { epoch: number; order: Int32Array[] } | null = null;
  return {
    length: loader.length,
    batch(epoch, index) {
      if (cached?.epoch !== epoch) cached = { epoch, order: [...loader.batchIndices(epoch)] };
      const { images, labels } = batchToTensors(rows.gather(cached.order[index]));
      return { input: images, target: labels };
    },
  };
}

/** Train from scratch (no `resumed`) or continue `resumed`; commits after every epoch and when stopped. */
export async function train(out: string, config: RunConfig, data: ImageClassificationData, signal: AbortSignal, resumed?: LoadedRun): Promise<FitResult> {
  const model: Sequential = resumed?.model ?? buildModel(config.architecture, config.seed);
  const params = model.parameters();
  const optimizer = (config.optimizer === 'adam' ? new Adam(params, { lr: config.lr }) : new SGD(params, { lr: config.lr, momentum: 0.9 })) as unknown as Optimizer<never>;
  if (resumed?.optimizerState) optimizer.loadStateDict(resumed.optimizerState);
  const history = new History(10);
  const train = batches(data.train, config.batchSize, config.seed, true);
  // the history goes to history.json, the rest of the state to the manifest
  const save = ({ callbacks: { history: saved, ...callbacks }, ...state }: FitState): Promise<void> => saveRun(out, { config, model, optimizer, state: { ...state, callbacks }, history: saved });
  const resume = resumed && { ...resumed.state, plan: { epochs: config.epochs }, finished: false, callbacks: { ...resumed.state.callbacks, history: resumed.history } };
  const result = await fit(model, {
    train, validation: batches(data.test, 500, 0, false), loss: crossEntropy, optimizer, epochs: config.epochs, metrics: [new Accuracy()], resume, signal,
    schedule: cosineAnnealing({ tMax: config.epochs * train.length }), // lr follows the global step only: a resumed run sees the same rates
    callbacks: [new Progress({ unit: 'img' }), history, {
      name: 'commit',
      onEpochEnd: async (log, control) => {
        await save(control.snapshot());
        const v = log.values;
        console.log(`epoch ${log.epoch + 1}/${config.epochs}: train loss ${v.loss.toFixed(4)} · train acc ${(100 * v.accuracy).toFixed(2)}% · test loss ${v.val_loss.toFixed(4)} · test acc ${(100 * v.val_accuracy).toFixed(2)}% · ${log.seconds.toFixed(1)} s · ${Math.round(log.samplesPerSecond)} img/s`);
      },
    }],
  });
  if (result.status !== 'completed' || result.epochs.length === 0) await save(result.state);
  return result;
}
