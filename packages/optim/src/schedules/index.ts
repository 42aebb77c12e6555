/** Learning-rate schedules. */
export type { Schedule } from './schedule.js';
export { stepDecay, type StepDecayOptions } from './step-decay.js';
export { exponentialDecay, type ExponentialDecayOptions } from './exponential-decay.js';
export { cosineAnnealing, type CosineAnnealingOptions } from './cosine-annealing.js';
export { linearWarmup, type LinearWarmupOptions } from './linear-warmup.js';
export { sequential, chain, type SchedulePhase } from './combinators.js';
export { LRScheduler, type ScheduledOptimizer, type LRSchedulerState } from './lr-scheduler.js';
export { StepLR, ExponentialLR, CosineAnnealingLR, LinearWarmupLR } from './named-schedulers.js';
