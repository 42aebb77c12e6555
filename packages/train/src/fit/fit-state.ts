/** What fit needs from an optimizer, and the JSON-able state and result of a run. */
import type { RngState } from '@nabla/tensor-core';
import type { EpochLog } from '../callbacks/callback.js';

/** An optimizer as fit drives it: every optim optimizer fits. */
export interface TrainableOptimizer {
  /** The learning rate; fit sets it before every step (from the schedule, or the base rate). */
  lr: number;
  /** Clear the parameters' gradients; fit calls it before every backward pass and once at the end. */
  zeroGrad(): void;
  /** Update the parameters from their gradients; fit calls it once per batch. */
  step(): void;
}

/**
 * Where a run stands, JSON-able: a checkpoint saves it beside the weights and optimizer state, and
 * `fit({ resume })` continues from it exactly (same batches, rates, metric sums and callback states).
 */
export interface FitState {
  /** Marks the object as a fit state; resume rejects anything else. */
  readonly format: 'nabla-fit-state';
  /** Layout version of the state; resume rejects other versions. */
  readonly version: 1;
  /** Epoch the next step belongs to (from 0). */
  readonly epoch: number;
  /** Batches of that epoch already done. */
  readonly index: number;
  /** Optimizer steps so far. */
  readonly globalStep: number;
  /** What the run plans: epochs, or total steps. */
  readonly plan: {
    /** Passes over the training source. */
    readonly epochs: number;
  } | {
    /** Optimizer steps in all. */
    readonly steps: number;
  };
  /** The base learning rate schedules scale (ReduceLROnPlateau may have lowered it). */
  readonly baseLr: number;
  /** Training loss sum and sample count of the unfinished epoch. */
  readonly epochLoss: {
    /** Σ (batch mean loss × batch rows) so far this epoch. */
    readonly sum: number;
    /** Rows (samples) seen so far this epoch. */
    readonly samples: number;
  };
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
  /** 'completed' (the plan is done), 'stopped' (a callback called stop) or 'aborted' (the signal). */
  readonly status: FitStatus;
  /** Why a callback stopped the run (status 'stopped'). */
  readonly reason: string | null;
  /** The state to save: resuming from it continues exactly where this run stopped. */
  readonly state: FitState;
  /** The epochs finished in this call. */
  readonly epochs: readonly EpochLog[];
}
