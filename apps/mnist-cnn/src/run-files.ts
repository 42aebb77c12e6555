/**
 * A run folder, committed as one transaction by @nabla/train/node: `checkpoint.safetensors` (model
 * and optimizer state), `config.json` (a readable copy of the configuration) and `history.json`
 * (per-step and per-epoch figures), then `manifest.json` last, naming each by SHA-256 and holding
 * the full configuration and the training state (progress, RNG, metric sums, callback states).
 */
import type { Sequential } from '@nabla/layers';
import { decodeCheckpoint, encodeCheckpoint } from '@nabla/layers';
import type { Optimizer } from '@nabla/optim';
import { RunFolderError, type FitState, type HistoryData } from '@nabla/train';
import { RunFolder } from '@nabla/train/node';
import type { Tensor } from '@nabla/tensor-core';
import { UserError } from '@nabla/cli-kit';
import { buildModel, type Architecture } from './model.js';

/** Everything that defines a run: data (absolute paths, limits), architecture and every hyper-parameter. */
export interface RunConfig {
  readonly version: 2;
  readonly architecture: Architecture;
  readonly dataset: 'mnist' | 'fashion';
  /** Absolute IDX folder, or null for the packaged data set. */
  readonly dataDir: string | null;
  readonly limitTrain: number | null;
  readonly limitTest: number | null;
  readonly optimizer: 'sgd' | 'adam';
  readonly lr: number;
  readonly batchSize: number;
  readonly seed: number;
  /** Epochs planned. */
  readonly epochs: number;
}

/** The app name in the manifest. */
export const APP = 'nabla-mnist';
/** The file names inside a run folder. */
export const RUN_FILES = { checkpoint: 'checkpoint.safetensors', config: 'config.json', history: 'history.json' } as const;

const text = (value: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(value, null, 1)}\n`);

/** Commit model, optimizer, config, training state and history to `dir` as one transaction. */
export async function saveRun(dir: string, run: { config: RunConfig; model: Sequential; optimizer: Optimizer<never>; state: FitState; history: unknown }): Promise<void> {
  const checkpoint = await encodeCheckpoint({ model: run.model.stateDict(), optimizer: run.optimizer.stateDict() });
  await new RunFolder(dir).commit(APP, { [RUN_FILES.checkpoint]: checkpoint, [RUN_FILES.config]: text(run.config), [RUN_FILES.history]: text(run.history) }, { config: run.config, state: run.state });
}

/** A loaded, verified run. */
export interface LoadedRun {
  readonly config: RunConfig;
  readonly state: FitState;
  readonly model: Sequential;
  readonly optimizerState?: { readonly tensors: Record<string, Tensor>; readonly meta: unknown };
  readonly history: HistoryData;
}

/** Open and verify the run in `dir` (a torn or edited folder is refused), rebuilding the model. */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const folder = new RunFolder(dir);
  if (!folder.hasRun()) throw new UserError(`no run in '${dir}' (missing manifest.json); train one with 'pnpm mnist train --out ${dir}'`);
  const run = await folder.open<RunConfig, FitState>(APP).catch((err: unknown) => {
    throw err instanceof RunFolderError ? new UserError(err.message) : err;
  });
  const { config, state } = run.manifest;
  if (config.version !== 2) throw new UserError(`'${dir}' was written by another version of nabla-mnist`);
  const checkpoint = await decodeCheckpoint(run.bytes(RUN_FILES.checkpoint));
  const model = buildModel(config.architecture, config.seed);
  try {
    model.loadStateDict(checkpoint.model);
  } catch (err) {
    throw new UserError(`checkpoint in '${dir}' does not fit the architecture in its manifest: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    for (const t of Object.values(checkpoint.model)) t.dispose();
  }
  let history: HistoryData;
  try {
    history = JSON.parse(run.text(RUN_FILES.history)) as HistoryData;
    if (!Array.isArray(history.steps) || !Array.isArray(history.epochs)) throw new Error('it lacks the steps/epochs arrays');
  } catch (err) {
    throw new UserError(`'${folder.path(RUN_FILES.history)}' is not a training history: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { config, state, model, optimizerState: checkpoint.optimizer, history };
}
