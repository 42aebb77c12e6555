/** What fit needs from an optimizer, and the JSON-able state and result of a run. */
import type { RngState } from '@nabla/tensor-core';
import type { EpochLog } from '../callbacks/callback.js';

/** An optimizer as fit drives it: every optim optimizer fits. */
export interface TrainableOptimizer {
  lr: number;
  zeroGrad(): void;
  step(): void;
}

/**
 * Where a run stands, JSON-able: a checkpoint saves it beside the weights and optimizer state, and
 * `fit({ resume })` continues from it exactly (same batches, rates, metric sums and callback states).
 */
export interface FitState {
  readonly format: 'nabla-fit-state';
  readonly version: 1;
  /** Epoch the next step belongs to, and batches of it already done. */
  readonly epoch: number;
  readonly index: number;
  /** Optimizer steps so far. */
  readonly globalStep: number;
  /** What the run plans: epochs, or total steps. */
  readonly plan: { readonly epochs: number } | { readonly steps: number };
  readonly baseLr: number;
  /** Training loss sum and sample count of the unfinished epoch. */
  readonly epochLoss: { readonly sum: number; readonly samples: number };
  /** Running sums of each training metric in the unfinished epoch, by metric name. */
  readonly metrics: Readonly<Record<string, number[]>>;
  /** Each stateful callback's state, by callback name. */
  readonly callbacks: Readonly<Record<string, unknown>>;
  /** The global RNG (dropout, random init) at this point. */
  readonly rng: RngState;
  /** True once the plan is done (or a callback stopped the run). */
  readonly finished: boolean;
}

/** How fit ended: the plan done, a callback's stop (early stopping), or the AbortSignal. */
export type FitStatus = 'completed' | 'stopped' | 'aborted';

/** What fit returns. */
export interface FitResult {
  readonly status: FitStatus;
  /** Why a callback stopped the run (status 'stopped'). */
  readonly reason: string | null;
  /** The state to save: resuming from it continues exactly where this run stopped. */
  readonly state: FitState;
  /** The epochs finished in this call. */
  readonly epochs: readonly EpochLog[];
}
