/** Building schedules from schedules: one after another, or applied on top of each other. */
import { ArgumentError } from '@nabla/tensor-core';
import { checkPositiveInteger } from './check.js';
import type { Schedule } from './schedule.js';

/** One phase of sequential(): a schedule and how many steps it lasts (the last may run forever). */
export interface SchedulePhase {
  /** The schedule of this phase; it sees step 0 at the phase's first step. */
  readonly schedule: Schedule;
  /** How many steps the phase lasts (a positive integer; required on every phase but the last, which otherwise runs forever). */
  readonly steps?: number;
}

/**
 * Run schedules one after another (PyTorch's SequentialLR): each phase sees its own step count
 * starting from 0 and the group's base rate. Every phase but the last needs `steps`.
 */
export function sequential(phases: readonly SchedulePhase[]): Schedule {
  if (phases.length === 0) throw new ArgumentError('sequential', 'needs at least one phase');
  phases.forEach((phase, i) => {
    if (i < phases.length - 1 || phase.steps !== undefined) checkPositiveInteger('sequential', `phases[${i}].steps`, phase.steps ?? Number.NaN);
  });
  return {
    lrAt: (t, base) => {
      let offset = 0;
      for (let i = 0; i < phases.length - 1; i++) {
        const length = phases[i].steps as number;
        if (t < offset + length) return phases[i].schedule.lrAt(t - offset, base);
        offset += length;
      }
      return phases[phases.length - 1].schedule.lrAt(t - offset, base);
    },
  };
}

/**
 * Apply schedules on top of each other: the first gets the base rate, each next one gets the
 * previous one's result as its base. For multiplicative schedules this multiplies their factors
 * (PyTorch's ChainedScheduler), e.g. chain(linearWarmup(...), exponentialDecay(...)).
 */
export function chain(...schedules: readonly Schedule[]): Schedule {
  if (schedules.length === 0) throw new ArgumentError('chain', 'needs at least one schedule');
  return { lrAt: (t, base) => schedules.reduce((lr, s) => s.lrAt(t, lr), base) };
}
