/**
 * A run folder, committed as one transaction by @nabla/train/node: `model.safetensors` (weights +
 * optimizer state), `best.safetensors` (weights of the best validation epoch), `carry.safetensors`
 * (a recurrent model's carried state when stopped mid-epoch), `tokenizer.json`, `config.json` (a
 * readable copy of the configuration), `history.json` (curves and one sample per epoch) and
 * `baselines.json` (the n-gram table), then `manifest.json` last, naming each by SHA-256 and
 * holding the full configuration (corpus path made absolute, with its SHA-256) and the training state.
 */
import { tokenizerFromJSON, tokenizerToJSON, type CharTokenizer, type WordTokenizer } from '@nabla/datasets';
import { decodeCheckpoint, decodeSafetensors, encodeCheckpoint, encodeSafetensors } from '@nabla/layers';
import type { Optimizer } from '@nabla/optim';
import type { Tensor } from '@nabla/tensor-core';
import { RunFolderError, type FitState } from '@nabla/train';
import { RunFolder } from '@nabla/train/node';
import { UserError } from '@nabla/cli-kit';
import type { BaselineRow } from './baselines.js';
import type { CorpusConfig } from './corpus.js';
import type { Architecture } from './models/architecture.js';
import { buildModel, type LanguageModel } from './models/build-model.js';
import type { RecurrentState } from './models/recurrent-lm.js';

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
  /** GPT: optimizer steps in all (defaults.ts). */
  readonly steps?: number;
  /** GPT: steps between evaluations (one fit epoch). */
  readonly evalEvery?: number;
  /** GPT: linear warmup steps. */
  readonly warmup?: number;
  /** GPT: AdamW weight decay of the matrices. */
  readonly weightDecay?: number;
}

/** Everything that defines a run. */
export interface RunConfig {
  readonly version: 2;
  readonly architecture: Architecture;
  /** `path` absolute (or null for Moby-Dick), `sha256` of the text trained on. */
  readonly corpus: CorpusConfig & { readonly sha256: string };
  readonly training: TrainingConfig;
}

/** What history.json holds: the fit History's records and a generated sample per epoch. */
export interface RunHistory {
  readonly steps: { readonly step: number; readonly epoch: number; readonly loss: number; readonly lr: number }[];
  readonly epochs: { readonly epoch: number; readonly values: Readonly<Record<string, number>>; readonly seconds: number; readonly samplesPerSecond: number }[];
  readonly samples: { readonly epoch: number; readonly text: string }[];
}

/** The app name in the manifest. */
export const APP = 'nabla-lm';
/** The file names inside a run folder. */
export const RUN_FILES = {
  checkpoint: 'model.safetensors', best: 'best.safetensors', carry: 'carry.safetensors', tokenizer: 'tokenizer.json',
  config: 'config.json', history: 'history.json', baselines: 'baselines.json',
} as const;

const json = (value: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(value, null, 1)}\n`);

/** Everything one commit writes. */
export interface RunContents {
  readonly config: RunConfig;
  readonly state: FitState;
  readonly model: LanguageModel;
  readonly optimizer: Optimizer<never>;
  readonly tokenizer: CharTokenizer | WordTokenizer;
  readonly history: unknown;
  readonly baselines: readonly BaselineRow[];
  /** Encoded best weights, if an epoch finished. */
  readonly best: Uint8Array | null;
  readonly carry: RecurrentState | null;
}

/** Commit a run to `dir` as one transaction. */
export async function saveRun(dir: string, run: RunContents): Promise<void> {
  const files: Record<string, Uint8Array> = {
    [RUN_FILES.checkpoint]: await encodeCheckpoint({ model: run.model.stateDict(), optimizer: run.optimizer.stateDict() }),
    [RUN_FILES.tokenizer]: new TextEncoder().encode(tokenizerToJSON(run.tokenizer)),
    [RUN_FILES.config]: json(run.config), [RUN_FILES.history]: json(run.history), [RUN_FILES.baselines]: json(run.baselines),
  };
  if (run.best) files[RUN_FILES.best] = run.best;
  if (run.carry) files[RUN_FILES.carry] = await encodeSafetensors(run.carry.c ? { h: run.carry.h, c: run.carry.c } : { h: run.carry.h });
  await new RunFolder(dir).commit(APP, files, { config: run.config, state: run.state });
}

/** A loaded, verified run. */
export interface LoadedRun {
  readonly config: RunConfig;
  readonly state: FitState;
  /** The weights asked for: the last step's (to resume) or the best epoch's (to use). */
  readonly model: LanguageModel;
  /** Whether `model` holds the best epoch's weights. */
  readonly isBest: boolean;
  readonly tokenizer: CharTokenizer | WordTokenizer;
  readonly optimizerState?: { readonly tensors: Record<string, Tensor>; readonly meta: unknown };
  readonly history: RunHistory & Record<string, unknown>;
  readonly baselines: BaselineRow[];
  readonly best: Uint8Array | null;
  readonly carry: RecurrentState | null;
}

function parse<T>(run: { text(name: string): string }, name: string, dir: string, check: (v: unknown) => boolean): T {
  let value: unknown;
  try {
    value = JSON.parse(run.text(name));
  } catch (err) {
    throw new UserError(`'${dir}/${name}' is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!check(value)) throw new UserError(`'${dir}/${name}' is not a ${name} written by this version of nabla-lm`);
  return value as T;
}

/** Open and verify the run in `dir`; `weights: 'best'` (the default) loads the best epoch's weights when there are any, 'last' the last step's (to resume). */
export async function loadRun(dir: string, weights: 'last' | 'best' = 'best'): Promise<LoadedRun> {
  const folder = new RunFolder(dir);
  if (!folder.hasRun()) throw new UserError(`no run in '${dir}' (missing manifest.json); train one with 'pnpm lm train --out ${dir}'`);
  const run = await folder.open<RunConfig, FitState>(APP).catch((err: unknown) => {
    throw err instanceof RunFolderError ? new UserError(err.message) : err;
  });
  const { config, state } = run.manifest;
  if (config.version !== 2) throw new UserError(`'${dir}' was written by another version of nabla-lm`);
  let tokenizer: CharTokenizer | WordTokenizer;
  try {
    tokenizer = tokenizerFromJSON(run.text(RUN_FILES.tokenizer));
  } catch (err) {
    throw new UserError(`cannot load the tokenizer of '${dir}': ${err instanceof Error ? err.message : String(err)}`);
  }
  const names = Object.keys(run.manifest.files);
  const best = names.includes(RUN_FILES.best) ? run.bytes(RUN_FILES.best) : null;
  const isBest = weights === 'best' && best !== null;
  const last = await decodeCheckpoint(run.bytes(RUN_FILES.checkpoint));
  const chosen = isBest ? await decodeCheckpoint(best) : last;
  const model = buildModel(config.architecture, config.training.seed);
  try {
    model.loadStateDict(chosen.model);
  } catch (err) {
    throw new UserError(`weights in '${dir}' do not fit the architecture in its manifest: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    for (const t of Object.values(last.model)) t.dispose();
    if (isBest) for (const t of Object.values(chosen.model)) t.dispose();
  }
  const history = parse<RunHistory & Record<string, unknown>>(run, RUN_FILES.history, dir, (v) => Array.isArray((v as RunHistory).steps) && Array.isArray((v as RunHistory).epochs) && Array.isArray((v as RunHistory).samples));
  const baselines = parse<BaselineRow[]>(run, RUN_FILES.baselines, dir, (v) => Array.isArray(v) && v.length > 0 && v.every((r: BaselineRow) => Number.isInteger(r.n) && typeof r.testNats === 'number'));
  let carry: RecurrentState | null = null;
  if (names.includes(RUN_FILES.carry)) {
    const { tensors } = await decodeSafetensors(run.bytes(RUN_FILES.carry));
    carry = { h: tensors.h, c: tensors.c };
  }
  return { config, state, model, isBest, tokenizer, optimizerState: last.optimizer, history, baselines, best, carry };
}
