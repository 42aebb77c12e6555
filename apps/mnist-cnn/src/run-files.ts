/**
 * A run folder: `checkpoint.safetensors` (model + optimizer state), `config.json` (architecture,
 * hyperparameters, progress) and `history.json` (per-step and per-epoch figures). Every file is
 * written atomically; loading verifies the checkpoint against the architecture in the config.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sequential } from '@nabla/layers';
import { saveCheckpoint } from '@nabla/layers/node';
import type { Tensor } from '@nabla/tensor-core';
import { emptyHistory, parseHistory, type History } from './history.js';
import { buildModel, type Architecture } from './model.js';
import { UserError, restoreModel, writeTextAtomic } from '@nabla/cli-kit';

/** Everything needed to rebuild and continue a run. */
export interface RunConfig {
  readonly version: 1;
  readonly architecture: Architecture;
  readonly dataset: 'mnist' | 'fashion';
  readonly optimizer: 'sgd' | 'adam';
  readonly lr: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly epochs: number;
  /** Next epoch to run and batches of it already done. */
  readonly progress: { readonly epoch: number; readonly batch: number };
}

/** What can save its state like an optimizer. */
export interface StatefulOptimizer {
  stateDict(): { readonly tensors: Readonly<Record<string, Tensor>>; readonly meta: unknown };
}

/** The file names inside a run folder. */
export const RUN_FILES = { checkpoint: 'checkpoint.safetensors', config: 'config.json', history: 'history.json' } as const;

/** Save model, optimizer, config and history into `dir`. */
export async function saveRun(dir: string, run: { config: RunConfig; model: Sequential; optimizer: StatefulOptimizer; history: History }): Promise<void> {
  await mkdir(dir, { recursive: true });
  await saveCheckpoint(join(dir, RUN_FILES.checkpoint), {
    model: run.model.stateDict(),
    optimizer: run.optimizer.stateDict(),
    metadata: { 'mnist.config': JSON.stringify(run.config) },
  });
  await writeTextAtomic(join(dir, RUN_FILES.config), `${JSON.stringify(run.config, null, 2)}\n`);
  await writeTextAtomic(join(dir, RUN_FILES.history), JSON.stringify(run.history));
}

function checkConfig(value: unknown, path: string): RunConfig {
  const c = value as Partial<RunConfig>;
  const arch = c.architecture as Partial<Architecture> | undefined;
  const ok = c.version === 1 && arch?.name === 'lenet' && [arch.conv1, arch.conv2, arch.hidden, arch.classes].every((n) => Number.isInteger(n) && (n as number) > 0)
    && (c.optimizer === 'sgd' || c.optimizer === 'adam') && typeof c.lr === 'number' && Number.isInteger(c.batchSize) && Number.isInteger(c.seed)
    && Number.isInteger(c.progress?.epoch) && Number.isInteger(c.progress?.batch);
  if (!ok) throw new UserError(`'${path}' is not a config written by this version of nabla-mnist`);
  return c as RunConfig;
}

/** A loaded run: the rebuilt model with its weights, the optimizer state, config and history. */
export interface LoadedRun {
  readonly config: RunConfig;
  readonly model: Sequential;
  readonly optimizerState?: { readonly tensors: Record<string, Tensor>; readonly meta: unknown };
  readonly history: History;
}

/** Load a run folder written by `saveRun`. */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const configPath = join(dir, RUN_FILES.config);
  if (!existsSync(configPath)) throw new UserError(`no checkpoint in '${dir}' (missing ${RUN_FILES.config}); train one with 'pnpm mnist train --out ${dir}'`);
  let configJson: unknown;
  try {
    configJson = JSON.parse(await readFile(configPath, 'utf8'));
  } catch (err) {
    throw new UserError(`cannot read '${configPath}': ${err instanceof Error ? err.message : String(err)}`);
  }
  const config = checkConfig(configJson, configPath);
  const { model, optimizerState } = await restoreModel(join(dir, RUN_FILES.checkpoint), () => buildModel(config.architecture, config.seed));
  const historyPath = join(dir, RUN_FILES.history);
  const history = existsSync(historyPath) ? parseHistory(await readFile(historyPath, 'utf8')) : emptyHistory();
  return { config, model, optimizerState, history };
}
