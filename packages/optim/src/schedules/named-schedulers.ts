/** PyTorch-named schedulers: an LRScheduler preset with one schedule. */
import { cosineAnnealing, type CosineAnnealingOptions } from './cosine-annealing.js';
import { exponentialDecay, type ExponentialDecayOptions } from './exponential-decay.js';
import { linearWarmup, type LinearWarmupOptions } from './linear-warmup.js';
import { LRScheduler, type ScheduledOptimizer } from './lr-scheduler.js';
import { stepDecay, type StepDecayOptions } from './step-decay.js';

/** Decay by γ every `stepSize` steps. */
export class StepLR extends LRScheduler {
  constructor(optimizer: ScheduledOptimizer, options: StepDecayOptions) {
    super(optimizer, stepDecay(options));
  }
}

/** Decay by γ every step. */
export class ExponentialLR extends LRScheduler {
  constructor(optimizer: ScheduledOptimizer, options: ExponentialDecayOptions) {
    super(optimizer, exponentialDecay(options));
  }
}

/** Cosine from the base rate down to η_min over T_max steps. */
export class CosineAnnealingLR extends LRScheduler {
  constructor(optimizer: ScheduledOptimizer, options: CosineAnnealingOptions) {
    super(optimizer, cosineAnnealing(options));
  }
}

/** Linear ramp up to the base rate. */
export class LinearWarmupLR extends LRScheduler {
  constructor(optimizer: ScheduledOptimizer, options: LinearWarmupOptions) {
    super(optimizer, linearWarmup(options));
  }
}
