/**
 * The training loop. Window model: shuffled windows (seeded per epoch). Recurrent models:
 * truncated BPTT over contiguous chunks with the state carried (detached) from chunk to chunk and
 * reset each epoch. Both: Adam, global gradient-norm clipping, validation after every epoch,
 * checkpoint after every epoch and on Ctrl-C or `--max-steps`.
 */
import { SequenceBatches, WindowDataset, deriveSeed, seededPermutation } from '@nabla/datasets';
import { Adam, clipGradNorm, crossEntropy, type Optimizer } from '@nabla/optim';
import { backendName, keep, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import { computeBaselines, formatBaselines, type BaselineRow } from './baselines.js';
import { prepareCorpus, type CorpusConfig, type TokenizedCorpus } from './corpus.js';
import { disposeState, meanNll } from './evaluate.js';
import { bitsPerChar, perplexity } from './metrics.js';
import { describeArchitecture, type Architecture } from './models/architecture.js';
import { buildModel, type LanguageModel } from './models/build-model.js';
import { RecurrentLM, type RecurrentState } from './models/recurrent-lm.js';
import type { WindowLM } from './models/window-lm.js';
import { ProgressBar } from '@nabla/cli-kit';
import { loadRun, saveBaselines, saveRun, type History, type RunConfig, type TrainingConfig } from './run-files.js';

/** Options of `train`. */
export interface TrainOptions {
  readonly out: string;
  readonly resume: boolean;
  /** Architecture without the vocabulary size (known once the corpus is tokenized). */
  readonly architecture: Omit<Architecture, 'vocabSize'>;
  readonly corpus: CorpusConfig;
  readonly training: TrainingConfig;
  /** Stop (and save) after this many optimizer steps in this invocation. */
  readonly maxSteps: number | null;
  readonly log: (line: string) => void;
  /** True (e.g. after SIGINT) to stop after the current step and save. */
  readonly stopRequested: () => boolean;
}

/** What a finished or stopped run reports. */
export interface TrainResult {
  readonly validationNats: number | null;
  readonly stopped: boolean;
  readonly seconds: number;
  readonly baselines: readonly BaselineRow[];
}

type AnyOptimizer = Optimizer<never>;

function makeOptimizer(model: LanguageModel, lr: number): AnyOptimizer {
  return new Adam(model.parameters(), { lr }) as unknown as AnyOptimizer;
}

/** One optimizer step on a batch; returns the mean loss (and the next state for recurrent models). */
function windowStep(model: WindowLM, optimizer: AnyOptimizer, clip: number, input: Tensor, target: Tensor): Tensor {
  return tidy(() => {
    optimizer.zeroGrad();
    const loss = crossEntropy(model.forward(input), target);
    loss.backward();
    clipGradNorm(model.parameters(), clip).dispose();
    optimizer.step();
    return keep(loss.detach());
  });
}

function recurrentStep(model: RecurrentLM, optimizer: AnyOptimizer, clip: number, input: Tensor, target: Tensor, state: RecurrentState | undefined): { loss: Tensor; state: RecurrentState } {
  const r = tidy(() => {
    optimizer.zeroGrad();
    const out = model.forward(input, state);
    const loss = crossEntropy(out.logits, target);
    loss.backward();
    clipGradNorm(model.parameters(), clip).dispose();
    optimizer.step();
    return { loss: loss.detach(), h: out.state.h.detach(), c: out.state.c?.detach() };
  });
  return { loss: r.loss, state: { h: r.h, c: r.c } };
}

/** Train (or resume) a language model, saving to `options.out`. */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const started = performance.now();
  const { log } = options;
  let config: RunConfig;
  let model: LanguageModel;
  let optimizer: AnyOptimizer;
  let history: History;
  let corpus: TokenizedCorpus;
  let baselines: BaselineRow[] | null = null;
  if (options.resume) {
    const run = await loadRun(options.out);
    config = { ...run.config, training: { ...run.config.training, epochs: options.training.epochs } };
    corpus = await prepareCorpus(config.corpus, run.tokenizer);
    model = run.model;
    optimizer = makeOptimizer(model, config.training.lr);
    if (run.optimizerState) optimizer.loadStateDict(run.optimizerState);
    history = run.history;
    baselines = run.baselines;
    log(`resuming ${options.out} at epoch ${config.progress.epoch + 1}, step ${config.progress.step}`);
  } else {
    corpus = await prepareCorpus(options.corpus);
    const architecture: Architecture = { ...options.architecture, vocabSize: corpus.tokenizer.vocabSize };
    config = { version: 1, architecture, corpus: options.corpus, training: options.training, progress: { epoch: 0, step: 0 } };
    model = buildModel(architecture, config.training.seed);
    optimizer = makeOptimizer(model, config.training.lr);
    history = { epochs: [], steps: [] };
  }
  const { training, architecture } = config;
  const level = config.corpus.level;
  const t = corpus.tokens;
  log(`corpus: ${config.corpus.path ?? 'Moby-Dick'} · ${level} level · vocabulary ${corpus.tokenizer.vocabSize} · tokens train ${t.train.length} / validation ${t.validation.length} / test ${t.test.length}`);
  log(`model: ${describeArchitecture(architecture)} (${model.numParameters()} parameters)`);
  log(`backend: ${backendName()} · adam lr ${training.lr} · batch ${training.batchSize}${architecture.kind === 'window' ? '' : ` · bptt ${training.seqLength}`} · clip ${training.clip} · seed ${training.seed}`);

  if (baselines === null) {
    const t0 = performance.now();
    baselines = computeBaselines(t, corpus.chars, corpus.tokenizer.vocabSize, corpus.tokenizer.bosId);
    await saveBaselines(options.out, baselines);
    log(`n-gram baselines (add-k, k chosen on validation; ${((performance.now() - t0) / 1000).toFixed(1)} s):`);
    for (const line of formatBaselines(baselines, level)) log(line);
  }

  const windows = model instanceof RecurrentLM ? null : new WindowDataset(t.train, architecture.window);
  const chunks = model instanceof RecurrentLM ? new SequenceBatches(t.train, { batchSize: training.batchSize, seqLength: training.seqLength }) : null;
  const stepsPerEpoch = windows ? Math.ceil(windows.length / training.batchSize) : (chunks as SequenceBatches).length;
  if (stepsPerEpoch === 0) throw new RangeError('train: the training split yields no batches');
  const logEvery = stepsPerEpoch < 200 ? 1 : 10;
  let validationNats = history.epochs.at(-1)?.validationNats ?? null;
  let stepsThisRun = 0;
  let globalStep = history.steps.at(-1)?.step ?? config.progress.epoch * stepsPerEpoch + config.progress.step;
  const save = async (): Promise<void> => saveRun(options.out, { config, model, optimizer, tokenizer: corpus.tokenizer, history });

  for (let epoch = config.progress.epoch; epoch < training.epochs; epoch++) {
    const epochStart = performance.now();
    const bar = new ProgressBar(`epoch ${epoch + 1}/${training.epochs}`, stepsPerEpoch, 'tok');
    const skip = epoch === config.progress.epoch ? config.progress.step : 0;
    const order = windows ? seededPermutation(windows.length, deriveSeed(training.seed, epoch)) : null;
    let state: RecurrentState | undefined;
    let lossSum = 0;
    let tokens = 0;
    for (let step = skip; step < stepsPerEpoch; step++) {
      let loss: Tensor;
      let n: number;
      if (windows && order) {
        const batch = windows.gather(order.subarray(step * training.batchSize, (step + 1) * training.batchSize));
        const input = tensor(batch.input.data, batch.input.shape, 'int32');
        const target = tensor(batch.target.data, batch.target.shape, 'int32');
        loss = windowStep(model as WindowLM, optimizer, training.clip, input, target);
        input.dispose(); target.dispose();
        n = batch.target.data.length;
      } else {
        const chunk = (chunks as SequenceBatches).chunk(step);
        const input = tensor(chunk.input.data, chunk.input.shape, 'int32');
        const target = tensor(chunk.target.data, [chunk.target.data.length], 'int32');
        const r = recurrentStep(model as RecurrentLM, optimizer, training.clip, input, target, state);
        input.dispose(); target.dispose();
        if (state) disposeState(state);
        state = r.state;
        loss = r.loss;
        n = chunk.target.data.length;
      }
      const value = (await loss.data())[0];
      loss.dispose();
      if (!Number.isFinite(value)) throw new Error(`training diverged at epoch ${epoch + 1}, step ${step + 1}: loss is ${value} (try a smaller --lr)`);
      lossSum += value * n;
      tokens += n;
      globalStep++;
      stepsThisRun++;
      if (globalStep % logEvery === 0) history.steps.push({ step: globalStep, loss: value });
      bar.tick({ loss: lossSum / tokens }, n);
      const limitHit = options.maxSteps !== null && stepsThisRun >= options.maxSteps;
      if ((options.stopRequested() || limitHit) && step + 1 < stepsPerEpoch) {
        bar.end();
        if (state) disposeState(state);
        config = { ...config, progress: { epoch, step: step + 1 } };
        await save();
        log(`${limitHit ? `stopped after --max-steps ${options.maxSteps}` : 'interrupted'}: checkpoint saved to ${options.out} (epoch ${epoch + 1}, step ${step + 1}); continue with --resume`);
        return { validationNats, stopped: true, seconds: (performance.now() - started) / 1000, baselines };
      }
    }
    bar.end();
    if (state) disposeState(state);
    const trainSeconds = (performance.now() - epochStart) / 1000;
    validationNats = await meanNll(model, t.validation, corpus.tokenizer.bosId);
    const seconds = (performance.now() - epochStart) / 1000;
    history.epochs.push({ epoch: epoch + 1, trainLoss: lossSum / Math.max(1, tokens), validationNats, seconds, tokensPerSecond: tokens / trainSeconds });
    config = { ...config, progress: { epoch: epoch + 1, step: 0 } };
    await save();
    const bpc = level === 'char' ? ` · validation bpc ${bitsPerChar(validationNats, t.validation.length, corpus.chars.validation).toFixed(3)}` : '';
    log(`epoch ${epoch + 1}/${training.epochs}: train loss ${(lossSum / Math.max(1, tokens)).toFixed(4)} · validation ppl ${perplexity(validationNats).toFixed(2)}${bpc} · ${seconds.toFixed(1)} s · ${Math.round(tokens / trainSeconds)} tok/s`);
    if (options.maxSteps !== null && stepsThisRun >= options.maxSteps) {
      return { validationNats, stopped: epoch + 1 < training.epochs, seconds: (performance.now() - started) / 1000, baselines };
    }
  }
  return { validationNats, stopped: false, seconds: (performance.now() - started) / 1000, baselines };
}
