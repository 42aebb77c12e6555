/**
 * A run folder: `model.safetensors` (weights + optimizer state), `tokenizer.json`, `config.json`
 * (architecture, corpus, hyperparameters, progress), `history.json` (per-epoch figures) and
 * `baselines.json` (the n-gram table). Every file is written atomically.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tokenizerFromJSON, tokenizerToJSON, type CharTokenizer, type WordTokenizer } from '@nabla/datasets';
import { saveCheckpoint } from '@nabla/layers/node';
import type { Tensor } from '@nabla/tensor-core';
import type { BaselineRow } from './baselines.js';
import type { CorpusConfig } from './corpus.js';
import { MODEL_KINDS, type Architecture } from './models/architecture.js';
import { buildModel, type LanguageModel } from './models/build-model.js';
import { UserError, restoreModel, writeTextAtomic } from '@nabla/cli-kit';

/** Training hyperparameters. */
export interface TrainingConfig {
  readonly epochs: number;
  readonly batchSize: number;
  /** Truncated-BPTT length (recurrent models). */
  readonly seqLength: number;
  readonly lr: number;
  /** Global gradient-norm bound. */
  readonly clip: number;
  readonly seed: number;
}

/** Everything needed to rebuild and continue a run. */
export interface RunConfig {
  readonly version: 1;
  readonly architecture: Architecture;
  readonly corpus: CorpusConfig;
  readonly training: TrainingConfig;
  /** Next epoch to run and steps of it already done. */
  readonly progress: { readonly epoch: number; readonly step: number };
}

/** Figures of one finished epoch. */
export interface EpochRecord {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly validationNats: number;
  readonly seconds: number;
  readonly tokensPerSecond: number;
}

/** Per-epoch figures and the mean training loss every few steps. */
export interface History {
  readonly epochs: EpochRecord[];
  readonly steps: { readonly step: number; readonly loss: number }[];
}

/** The file names inside a run folder. */
export const RUN_FILES = {
  checkpoint: 'model.safetensors', tokenizer: 'tokenizer.json', config: 'config.json', history: 'history.json', baselines: 'baselines.json',
} as const;

/** What can save its state like an optimizer. */
export interface StatefulOptimizer {
  stateDict(): { readonly tensors: Readonly<Record<string, Tensor>>; readonly meta: unknown };
}

/** Save everything of a run into `dir`. */
export async function saveRun(dir: string, run: {
  config: RunConfig; model: LanguageModel; optimizer: StatefulOptimizer; tokenizer: CharTokenizer | WordTokenizer; history: History;
}): Promise<void> {
  await mkdir(dir, { recursive: true });
  await saveCheckpoint(join(dir, RUN_FILES.checkpoint), {
    model: run.model.stateDict(), optimizer: run.optimizer.stateDict(), metadata: { 'lm.config': JSON.stringify(run.config) },
  });
  await writeTextAtomic(join(dir, RUN_FILES.tokenizer), tokenizerToJSON(run.tokenizer));
  await writeTextAtomic(join(dir, RUN_FILES.config), `${JSON.stringify(run.config, null, 2)}\n`);
  await writeTextAtomic(join(dir, RUN_FILES.history), `${JSON.stringify(run.history)}\n`);
}

/** Save the n-gram table. */
export async function saveBaselines(dir: string, rows: readonly BaselineRow[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeTextAtomic(join(dir, RUN_FILES.baselines), `${JSON.stringify(rows, null, 2)}\n`);
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UserError(`cannot read '${path}': ${err instanceof Error ? err.message : String(err)}`);
  }
}

function checkConfig(value: unknown, path: string): RunConfig {
  const c = value as Partial<RunConfig> | null;
  const a = c?.architecture;
  const positive = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;
  const ok = c !== null && c.version === 1 && a !== undefined && MODEL_KINDS.includes(a.kind)
    && [a.vocabSize, a.embedding, a.hidden, a.window].every(positive)
    && (c.corpus?.level === 'char' || c.corpus?.level === 'word') && positive(c.training?.batchSize) && positive(c.training?.seqLength)
    && typeof c.training?.lr === 'number' && Number.isInteger(c.training.seed) && Number.isInteger(c.progress?.epoch) && Number.isInteger(c.progress?.step);
  if (!ok) throw new UserError(`'${path}' is not a config written by this version of nabla-lm`);
  return c as RunConfig;
}

/** A loaded run. */
export interface LoadedRun {
  readonly config: RunConfig;
  readonly model: LanguageModel;
  readonly tokenizer: CharTokenizer | WordTokenizer;
  readonly optimizerState?: { readonly tensors: Record<string, Tensor>; readonly meta: unknown };
  readonly history: History;
  readonly baselines: BaselineRow[] | null;
}

/** Load a run folder written by `saveRun`, verifying the weights against the architecture. */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const configPath = join(dir, RUN_FILES.config);
  if (!existsSync(configPath)) throw new UserError(`no checkpoint in '${dir}' (missing ${RUN_FILES.config}); train one with 'pnpm lm train --out ${dir}'`);
  const config = checkConfig(await readJson(configPath), configPath);
  let tokenizer: CharTokenizer | WordTokenizer;
  try {
    tokenizer = tokenizerFromJSON(await readFile(join(dir, RUN_FILES.tokenizer), 'utf8'));
  } catch (err) {
    throw new UserError(`cannot load the tokenizer of '${dir}': ${err instanceof Error ? err.message : String(err)}`);
  }
  if (tokenizer.vocabSize !== config.architecture.vocabSize) {
    throw new UserError(`tokenizer of '${dir}' has ${tokenizer.vocabSize} tokens but the config says ${config.architecture.vocabSize}`);
  }
  const { model, optimizerState } = await restoreModel(join(dir, RUN_FILES.checkpoint), () => buildModel(config.architecture, config.training.seed));
  const historyPath = join(dir, RUN_FILES.history);
  const history = existsSync(historyPath) ? (await readJson(historyPath)) as History : { epochs: [], steps: [] };
  const baselinesPath = join(dir, RUN_FILES.baselines);
  const baselines = existsSync(baselinesPath) ? (await readJson(baselinesPath)) as BaselineRow[] : null;
  return { config, model, tokenizer, optimizerState, history, baselines };
}
