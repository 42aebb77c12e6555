/**
 * Training with @nabla/train's fit. Window model: shuffled windows (seeded per epoch). Recurrent
 * models: truncated BPTT over contiguous chunks, the state carried (detached) from chunk to chunk,
 * reset each epoch, and saved when stopped mid-epoch. Both: Adam. GPT: random blocks (nanoGPT),
 * AdamW (weight decay on the matrices only) with linear warmup then cosine decay to lr / 10 over
 * `steps`, one fit "epoch" per evaluation interval. All: gradient clipping, validation, a sample
 * and a commit after every epoch (evaluation); the best validation weights kept.
 */
import { SequenceBatches, WindowDataset, deriveSeed, seededPermutation } from '@nabla/datasets';
import { encodeCheckpoint } from '@nabla/layers';
import { Adam, AdamW, cosineAnnealing, crossEntropy, linearWarmup, sequential, type Optimizer, type Schedule } from '@nabla/optim';
import { Rng, keep, tensor } from '@nabla/tensor-core';
import { History, KeepBest, Progress, fit, type BatchSource, type FitResult, type FitState } from '@nabla/train';
import type { BaselineRow } from './baselines.js';
import type { TokenizedCorpus } from './corpus.js';
import { disposeState, meanNll } from './evaluate.js';
import { bitsPerChar, perplexity } from './metrics.js';
import { buildModel } from './models/build-model.js';
import { defaultsFor } from './defaults.js';
import { RecurrentLM, type RecurrentState } from './models/recurrent-lm.js';
import { GptLM } from './models/gpt-lm.js';
import { blockBatches } from './gpt-batches.js';
import { nextTokenModel, sampleToken } from './sampling.js';
import { saveRun, type LoadedRun, type RunConfig, type RunHistory } from './run-files.js';

/** The GPT's plan: total steps, steps per evaluation, warmup steps, weight decay. */
export function gptPlan(config: RunConfig): { steps: number; evalEvery: number; warmup: number; weightDecay: number } {
  const t = config.training;
  const d = defaultsFor('gpt', config.corpus.level);
  const steps = t.steps ?? d.steps;
  return { steps, evalEvery: Math.min(t.evalEvery ?? d.evalEvery, steps), warmup: Math.min(t.warmup ?? d.warmup, steps), weightDecay: t.weightDecay ?? d.weightDecay };
}

/** Linear warmup from 0 to lr over `warmup` steps, then cosine decay to lr / 10 at `steps`. */
export function gptSchedule(lr: number, warmup: number, steps: number): Schedule {
  const decay = cosineAnnealing({ tMax: Math.max(1, steps - warmup), etaMin: lr / 10 });
  return warmup > 0 ? sequential([{ schedule: linearWarmup({ steps: warmup }), steps: warmup }, { schedule: decay }]) : decay;
}

/** The optimizer of a run: Adam, or for the GPT AdamW (β 0.9/0.99) with weight decay on the matrices only. */
export function optimizerFor(model: ReturnType<typeof buildModel>, config: RunConfig): Optimizer<never> {
  if (!(model instanceof GptLM)) return new Adam(model.parameters(), { lr: config.training.lr }) as unknown as Optimizer<never>;
  // nanoGPT: decay the matrices (projections, embeddings), not the biases and LayerNorm gains
  const params = model.parameters();
  const groups = [{ params: params.filter((p) => p.rank >= 2), weightDecay: gptPlan(config).weightDecay }, { params: params.filter((p) => p.rank < 2), weightDecay: 0 }];
  return new AdamW(groups, { lr: config.training.lr, beta1: 0.9, beta2: 0.99 }) as unknown as Optimizer<never>;
}

function batches(t: Int32Array, model: 'window' | 'recurrent' | 'gpt', config: RunConfig): BatchSource {
  const { batchSize, seqLength, seed } = config.training;
  if (model === 'gpt') return blockBatches(t, { batchSize, blockSize: config.architecture.blockSize ?? seqLength, stepsPerEpoch: gptPlan(config).evalEvery, seed });
  if (model === 'recurrent') {
    const chunks = new SequenceBatches(t, { batchSize, seqLength });
    return { length: chunks.length, batch: (_epoch, i) => { const c = chunks.chunk(i); return { input: tensor(c.input.data, c.input.shape, 'int32'), target: tensor(c.target.data, [c.target.data.length], 'int32') }; } };
  }
  const windows = new WindowDataset(t, config.architecture.window);
  return {
    length: Math.ceil(windows.length / batchSize),
    batch: (epoch, i) => {
      const b = windows.gather(seededPermutation(windows.length, deriveSeed(seed, epoch)).subarray(i * batchSize, (i + 1) * batchSize));
      return { input: tensor(b.input.data, b.input.shape, 'int32'), target: tensor(b.target.data, b.target.shape, 'int32') };
    },
  };
}

/** CPU seconds (user + system, all threads) this process has used so far: the honest clock on a shared machine. */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** A short sample from `<bos>`, seeded, for the report. */
async function sample(model: ReturnType<typeof buildModel>, corpus: TokenizedCorpus, seed: number): Promise<string> {
  const reader = nextTokenModel(model, corpus.tokenizer.bosId);
  const rng = new Rng(seed);
  const ids: number[] = [];
  try {
    let p = await reader.feed(Int32Array.of(corpus.tokenizer.bosId));
    for (let i = 0; i < (corpus.tokenizer.tokens.length > 300 ? 30 : 160); i++) {
      ids.push(sampleToken(p, rng, { temperature: 0.8, banned: [corpus.tokenizer.bosId] }));
      p = await reader.feed(Int32Array.of(ids[i]));
    }
  } finally {
    reader.dispose();
    model.train();
  }
  return corpus.tokenizer.decode(Int32Array.from(ids));
}

/** Where an invocation of `train` stops early (each null: no limit); the run is saved and continues with --resume. */
export interface StopLimits {
  /** Optimizer steps of this invocation (--max-steps). */
  readonly maxSteps: number | null;
  /** Wall-clock seconds of training in this invocation, checked after each step (--max-seconds). */
  readonly maxSeconds: number | null;
  /** Process CPU seconds (all threads) of training in this invocation, checked after each step (--max-cpu-seconds). */
  readonly maxCpuSeconds: number | null;
}

/** The flag that stops a run after this many steps or seconds, or null while none is reached. */
function limitReached(limits: StopLimits, steps: number, seconds: number, cpu: number): string | null {
  if (limits.maxSteps !== null && steps >= limits.maxSteps) return `--max-steps ${limits.maxSteps}`;
  if (limits.maxSeconds !== null && seconds >= limits.maxSeconds) return `--max-seconds ${limits.maxSeconds}`;
  if (limits.maxCpuSeconds !== null && cpu >= limits.maxCpuSeconds) return `--max-cpu-seconds ${limits.maxCpuSeconds}`;
  return null;
}

/** Train from scratch or continue `resumed`; stops early at the first of `limits` reached in this invocation. */
export async function train(out: string, config: RunConfig, corpus: TokenizedCorpus, baselines: readonly BaselineRow[], signal: AbortSignal, limits: StopLimits, resumed?: LoadedRun): Promise<FitResult> {
  const model = resumed?.model ?? buildModel(config.architecture, config.training.seed);
  const optimizer = optimizerFor(model, config);
  const gpt = model instanceof GptLM ? gptPlan(config) : null;
  if (resumed?.optimizerState) optimizer.loadStateDict(resumed.optimizerState);
  const { tokens: t, chars, tokenizer } = corpus;
  let carry: RecurrentState | null = resumed?.carry ?? null;
  let stale: RecurrentState | null = null; // the previous step's carry: its graph is done once the next step starts
  const dropCarry = (): void => { if (carry) disposeState(carry); carry = null; };
  let best = resumed?.best ?? null;
  const source = batches(t.train, model instanceof RecurrentLM ? 'recurrent' : model instanceof GptLM ? 'gpt' : 'window', config);
  const history = new History(source.length < 200 ? 1 : 10);
  const samples: RunHistory['samples'] = [...(resumed?.history.samples ?? [])];
  const save = ({ callbacks: { history: saved, ...callbacks }, ...state }: FitState): Promise<void> =>
    saveRun(out, { config, state: { ...state, callbacks }, model, optimizer, tokenizer, history: { ...(saved as object), samples }, baselines, best, carry: state.index > 0 ? carry : null });
  let steps = 0;
  const wallStart = performance.now();
  const cpuStart = cpuSeconds();
  const plan = gpt ? { steps: gpt.steps } : { epochs: config.training.epochs };
  const resume = resumed && { ...resumed.state, plan, finished: false, callbacks: { ...resumed.state.callbacks, history: resumed.history } };
  const result = await fit(model, {
    train: source, loss: crossEntropy, optimizer, ...plan, ...(gpt ? { schedule: gptSchedule(config.training.lr, gpt.warmup, gpt.steps) } : {}),
    clipGradNorm: config.training.clip, signal, resume,
    forward: (m, batch, position) => {
      if (!(m instanceof RecurrentLM)) return m.forward(batch.input);
      if (stale) disposeState(stale);
      if (position.index === 0) dropCarry();
      const r = m.forward(batch.input, carry ?? undefined);
      stale = carry;
      carry = { h: keep(r.state.h.detach()), c: r.state.c && keep(r.state.c.detach()) };
      return r.logits;
    },
    validation: async (m) => {
      const nats = await meanNll(m, t.validation, tokenizer.bosId);
      return { nats, perplexity: perplexity(nats), ...(config.corpus.level === 'char' ? { bpc: bitsPerChar(nats, t.validation.length, chars.validation) } : {}) };
    },
    callbacks: [
      new Progress({ unit: 'tok' }), history,
      new KeepBest({ monitor: 'val_nats', mode: 'min', save: async () => { best = await encodeCheckpoint({ model: model.stateDict() }); } }),
      {
        name: 'limits',
        onStepEnd: (_log, control) => {
          const flag = limitReached(limits, ++steps, (performance.now() - wallStart) / 1000, cpuSeconds() - cpuStart);
          if (flag !== null) control.stop(flag);
        },
      },
      {
        name: 'commit',
        onEpochEnd: async (log, control) => {
          if (stale) disposeState(stale);
          stale = null;
          dropCarry();
          samples.push({ epoch: log.epoch + 1, text: await sample(model, corpus, config.training.seed) });
          await save(control.snapshot());
          const v = log.values;
          const where = gpt ? `step ${log.globalStep}/${gpt.steps}` : `epoch ${log.epoch + 1}/${config.training.epochs}`;
          console.log(`${where}: train loss ${v.loss.toFixed(4)} · validation ppl ${v.val_perplexity.toFixed(2)}${v.val_bpc === undefined ? '' : ` · validation bpc ${v.val_bpc.toFixed(3)}`} · ${log.seconds.toFixed(1)} s · ${Math.round(log.samplesPerSecond)} tok/s · process CPU ${cpuSeconds().toFixed(0)} s`);
        },
      },
    ],
  });
  if (result.status !== 'completed' || result.epochs.length === 0) await save(result.state);
  if (stale) disposeState(stale);
  dropCarry();
  return result;
}
