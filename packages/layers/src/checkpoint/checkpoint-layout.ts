/**
 * How a checkpoint packs a model state dict and an optional optimizer state into one safetensors
 * file: model tensors keep their names (so other safetensors tools see a plain state dict),
 * optimizer tensors are prefixed with `@optimizer/`, and the optimizer's JSON settings live in
 * the metadata under `nabla.optimizer`.
 */
import type { Tensor } from '@nabla/tensor-core';
import { CheckpointError } from './errors.js';

/** An optimizer's state as `Optimizer.stateDict()` returns it: tensors plus JSON-able settings. */
export interface SerializedOptimizerState {
  /** The optimizer's state tensors by name; stored under the reserved prefix `@optimizer/`. */
  readonly tensors: Readonly<Record<string, Tensor>>;
  /** The optimizer's JSON-able settings, stored as JSON in the `nabla.optimizer` metadata entry (must survive JSON.stringify). */
  readonly meta: unknown;
}

/** What a checkpoint holds. */
export interface Checkpoint {
  /** The module's state dict (`module.stateDict()`). */
  readonly model: Readonly<Record<string, Tensor>>;
  /** The optimizer's state (`optimizer.stateDict()`), to resume training exactly. */
  readonly optimizer?: SerializedOptimizerState;
  /** Free-form string metadata (keys starting with `nabla.` are reserved). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A checkpoint as loaded: freshly created tensors owned by the caller. */
export interface LoadedCheckpoint {
  /** The module's state dict, for `module.loadStateDict()`. */
  readonly model: Record<string, Tensor>;
  /** The optimizer's state, for `optimizer.loadStateDict()`; absent when none was saved. */
  readonly optimizer?: {
    /** State tensors by name, with the `@optimizer/` prefix removed. */
    readonly tensors: Record<string, Tensor>;
    /** The settings parsed from JSON; the optimizer checks them when loading. */
    readonly meta: unknown;
  };
  /** The caller's metadata, without the reserved `nabla.` entries. */
  readonly metadata: Record<string, string>;
}

/** Prefix of optimizer tensor names. */
export const OPTIMIZER_PREFIX = '@optimizer/';
/** Metadata key of the checkpoint format version. */
export const FORMAT_KEY = 'nabla.format';
/** The format version written. */
export const FORMAT_VERSION = 'nabla-checkpoint-1';
/** Metadata key of the optimizer's JSON settings. */
export const OPTIMIZER_META_KEY = 'nabla.optimizer';

/** Flatten a checkpoint into safetensors tensors and metadata. */
export function packCheckpoint(checkpoint: Checkpoint, op: string): {
  /** Model tensors under their own names, optimizer tensors under `@optimizer/<name>`. */
  tensors: Record<string, Tensor>;
  /** The caller's metadata plus `nabla.format` and, with an optimizer, `nabla.optimizer`. */
  metadata: Record<string, string>;
} {
  const metadata: Record<string, string> = { ...(checkpoint.metadata ?? {}) };
  for (const key of Object.keys(metadata)) {
    if (key.startsWith('nabla.')) throw new CheckpointError(op, `metadata key '${key}' is reserved (keys starting with 'nabla.')`);
  }
  metadata[FORMAT_KEY] = FORMAT_VERSION;
  const entries: [string, Tensor][] = [];
  for (const [name, t] of Object.entries(checkpoint.model)) {
    if (name.startsWith(OPTIMIZER_PREFIX)) throw new CheckpointError(op, `model tensor name '${name}' uses the reserved prefix '${OPTIMIZER_PREFIX}'`);
    entries.push([name, t]);
  }
  if (checkpoint.optimizer) {
    let json: string | undefined;
    try {
      json = JSON.stringify(checkpoint.optimizer.meta);
    } catch (err) {
      throw new CheckpointError(op, `optimizer settings are not JSON-serialisable: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (json === undefined) throw new CheckpointError(op, 'optimizer settings are not JSON-serialisable');
    metadata[OPTIMIZER_META_KEY] = json;
    for (const [name, t] of Object.entries(checkpoint.optimizer.tensors)) entries.push([OPTIMIZER_PREFIX + name, t]);
  }
  return { tensors: Object.fromEntries(entries), metadata };
}

/** Split decoded safetensors back into model, optimizer and user metadata; throws if the parts disagree. */
export function unpackCheckpoint(tensors: Record<string, Tensor>, metadata: Record<string, string>, op: string): LoadedCheckpoint {
  const model: [string, Tensor][] = [];
  const optimizerTensors: [string, Tensor][] = [];
  for (const [name, t] of Object.entries(tensors)) {
    if (name.startsWith(OPTIMIZER_PREFIX)) optimizerTensors.push([name.slice(OPTIMIZER_PREFIX.length), t]);
    else model.push([name, t]);
  }
  const userMetadata = Object.fromEntries(Object.entries(metadata).filter(([key]) => !key.startsWith('nabla.')));
  const optimizerJson = metadata[OPTIMIZER_META_KEY] as string | undefined;
  if (optimizerJson === undefined) {
    if (optimizerTensors.length > 0) throw new CheckpointError(op, `${optimizerTensors.length} optimizer tensor(s) but no '${OPTIMIZER_META_KEY}' metadata`);
    return { model: Object.fromEntries(model), metadata: userMetadata };
  }
  let meta: unknown;
  try {
    meta = JSON.parse(optimizerJson);
  } catch {
    throw new CheckpointError(op, `metadata '${OPTIMIZER_META_KEY}' is not valid JSON`);
  }
  return { model: Object.fromEntries(model), optimizer: { tensors: Object.fromEntries(optimizerTensors), meta }, metadata: userMetadata };
}
