/** Build the chosen optimizer over the network's parameters. */
import { Adam, SGD } from '@nabla/optim';
import type { Tensor } from '@nabla/tensor-core';
import type { OptimizerName } from '../state/state.js';

/** An optimizer as the trainer uses it. */
export interface StepOptimizer {
  lr: number;
  step(): void;
  zeroGrad(): void;
}

/** SGD, SGD with momentum 0.9, or Adam, at learning rate `lr`. */
export function createOptimizer(name: OptimizerName, params: Tensor[], lr: number): StepOptimizer {
  switch (name) {
    case 'sgd': return new SGD(params, { lr });
    case 'momentum': return new SGD(params, { lr, momentum: 0.9 });
    case 'adam': return new Adam(params, { lr });
  }
}
