/** Drives an optimizer's learning rates from a schedule. */
import { ArgumentError } from '@nabla/tensor-core';
import type { Schedule } from './schedule.js';

/** Anything with parameter groups that carry a learning rate: every optimizer here. */
export interface ScheduledOptimizer {
  /** The groups whose rates the scheduler sets, in a fixed order. */
  readonly paramGroups: readonly {
    /** The group's current learning rate; the scheduler overwrites it at every step. */
    lr: number;
  }[];
}

/** What LRScheduler.stateDict() returns (JSON-able). */
export interface LRSchedulerState {
  /** Steps taken so far (an integer ≥ 0). */
  readonly step: number;
  /** Each group's base rate, in group order (finite numbers, as many as the optimizer has groups). */
  readonly baseLrs: readonly number[];
}

/**
 * Sets each group's `lr` to `schedule.lrAt(step, baseLr)`, where baseLr is the group's rate when
 * the scheduler was created. The constructor applies step 0; call `step()` once per epoch or
 * iteration, after `optimizer.step()`.
 */
export class LRScheduler {
  /** The groups' rates when the scheduler was created. */
  readonly baseLrs: number[];
  private current = 0;

  constructor(
    /** The optimizer whose groups' `lr` this scheduler sets. */
    readonly optimizer: ScheduledOptimizer,
    /** Gives the rate of every step from the group's base rate. */
    readonly schedule: Schedule,
  ) {
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
    this.apply();
  }

  /** Steps taken so far. */
  get stepCount(): number {
    return this.current;
  }

  /** Advance one step and set the new rates. */
  step(): void {
    this.current += 1;
    this.apply();
  }

  /** The rates the schedule gives at the current step, one per group. */
  currentLrs(): number[] {
    return this.baseLrs.map((base) => this.schedule.lrAt(this.current, base));
  }

  /** Step count and base rates, to resume the schedule. */
  stateDict(): LRSchedulerState {
    return { step: this.current, baseLrs: [...this.baseLrs] };
  }

  /** Restore `stateDict()` output and re-apply the rates. */
  loadStateDict(state: LRSchedulerState): void {
    if (!Number.isInteger(state.step) || state.step < 0) throw new ArgumentError('LRScheduler.loadStateDict', `step must be an integer >= 0, got ${state.step}`);
    if (!Array.isArray(state.baseLrs) || state.baseLrs.length !== this.baseLrs.length || state.baseLrs.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      throw new ArgumentError('LRScheduler.loadStateDict', `baseLrs must be ${this.baseLrs.length} finite number(s)`);
    }
    this.current = state.step;
    this.baseLrs.splice(0, this.baseLrs.length, ...state.baseLrs);
    this.apply();
  }

  private apply(): void {
    const lrs = this.currentLrs();
    this.optimizer.paramGroups.forEach((g, i) => {
      const lr = lrs[i];
      if (!Number.isFinite(lr) || lr < 0) throw new ArgumentError('LRScheduler.step', `schedule gave learning rate ${lr} at step ${this.current} for group ${i}`);
      g.lr = lr;
    });
  }
}
