/**
 * Every @nabla/optim optimizer and LR schedule against torch.optim: a small MLP trained 20 steps
 * on a fixed batch from the same weights ends with the same parameters (and the same rates).
 */
import { Dense, Sequential, Tanh, type AnyModule } from '@nabla/layers';
import {
  Adagrad, Adam, AdamW, CosineAnnealingLR, ExponentialLR, LRScheduler, LinearWarmupLR, RMSprop, SGD, StepLR, chain, cosineAnnealing,
  exponentialDecay, linearWarmup, mse, sequential,
} from '@nabla/optim';
import type { Tensor } from '@nabla/tensor-core';
import { trainCase, type AnyOptimizer, type TrainCase } from '../src/index.js';
import { draw } from './inputs.js';
import { paritySuite } from './parity-suite.js';

const TORCH_MLP = 'nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))';
const mlp = (): AnyModule => new Sequential(new Dense(4, 8, { seed: 41 }), new Tanh(), new Dense(8, 3, { seed: 42 }));
const batch = (): Record<string, Tensor> => {
  const d = draw(43);
  return { x: d.normal([6, 4]), y: d.normal([6, 3]) };
};

/** 20 steps of `nabla` ↔ `torch` on the MLP with an MSE loss, optionally with a scheduler. */
function optimizerCase(
  id: string, torchOptimizer: string, optimizer: (params: Tensor[]) => AnyOptimizer,
  scheduler?: { readonly torch: string; readonly nabla: (o: AnyOptimizer) => LRScheduler },
): TrainCase {
  return trainCase({
    id, torchModule: TORCH_MLP, build: mlp, inputs: batch,
    torchLoss: 'F.mse_loss(m(x), y)', loss: (m, { x, y }) => mse((m as Sequential).forward(x), y),
    torchOptimizer, optimizer, torchScheduler: scheduler?.torch, scheduler: scheduler?.nabla,
  });
}

const S = 'torch.optim.lr_scheduler';
const sgd = (params: Tensor[]): AnyOptimizer => new SGD(params, { lr: 0.1 });
const SGD_TORCH = 'torch.optim.SGD(params, lr=0.1)';

const cases: TrainCase[] = [
  optimizerCase('SGD', SGD_TORCH, sgd),
  optimizerCase('SGD momentum 0.9, dampening 0.1, weight decay 0.01', 'torch.optim.SGD(params, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)',
    (p) => new SGD(p, { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 })),
  optimizerCase('SGD Nesterov 0.9', 'torch.optim.SGD(params, lr=0.05, momentum=0.9, nesterov=True)', (p) => new SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true })),
  optimizerCase('Adam', 'torch.optim.Adam(params, lr=0.01)', (p) => new Adam(p, { lr: 0.01 })),
  optimizerCase('Adam betas (0.8, 0.99), weight decay 0.01, AMSGrad', 'torch.optim.Adam(params, lr=0.01, betas=(0.8, 0.99), weight_decay=0.01, amsgrad=True)',
    (p) => new Adam(p, { lr: 0.01, beta1: 0.8, beta2: 0.99, weightDecay: 0.01, amsgrad: true })),
  optimizerCase('AdamW weight decay 0.1', 'torch.optim.AdamW(params, lr=0.01, weight_decay=0.1)', (p) => new AdamW(p, { lr: 0.01, weightDecay: 0.1 })),
  optimizerCase('AdamW AMSGrad', 'torch.optim.AdamW(params, lr=0.01, amsgrad=True)', (p) => new AdamW(p, { lr: 0.01, amsgrad: true })),
  optimizerCase('RMSprop', 'torch.optim.RMSprop(params, lr=0.01)', (p) => new RMSprop(p, { lr: 0.01 })),
  optimizerCase('RMSprop α 0.9, momentum 0.5, centered, weight decay 0.01', 'torch.optim.RMSprop(params, lr=0.005, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01)',
    (p) => new RMSprop(p, { lr: 0.005, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.01 })),
  optimizerCase('Adagrad', 'torch.optim.Adagrad(params, lr=0.1)', (p) => new Adagrad(p, { lr: 0.1 })),
  optimizerCase('Adagrad lr decay 0.01, weight decay 0.01, initial accumulator 0.1', 'torch.optim.Adagrad(params, lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1)',
    (p) => new Adagrad(p, { lr: 0.1, lrDecay: 0.01, weightDecay: 0.01, initialAccumulatorValue: 0.1 })),
  optimizerCase('StepLR(5, γ 0.5)', SGD_TORCH, sgd, { torch: `${S}.StepLR(opt, step_size=5, gamma=0.5)`, nabla: (o) => new StepLR(o, { stepSize: 5, gamma: 0.5 }) }),
  optimizerCase('ExponentialLR(γ 0.9)', SGD_TORCH, sgd, { torch: `${S}.ExponentialLR(opt, gamma=0.9)`, nabla: (o) => new ExponentialLR(o, { gamma: 0.9 }) }),
  optimizerCase('CosineAnnealingLR(T 20, η_min 0.01)', SGD_TORCH, sgd, { torch: `${S}.CosineAnnealingLR(opt, T_max=20, eta_min=0.01)`, nabla: (o) => new CosineAnnealingLR(o, { tMax: 20, etaMin: 0.01 }) }),
  optimizerCase('LinearWarmupLR(5, from 0.1) = LinearLR', SGD_TORCH, sgd, { torch: `${S}.LinearLR(opt, start_factor=0.1, total_iters=5)`, nabla: (o) => new LinearWarmupLR(o, { steps: 5, startFactor: 0.1 }) }),
  optimizerCase('sequential(warmup 5, cosine 15) = SequentialLR', SGD_TORCH, sgd, {
    torch: `${S}.SequentialLR(opt, [${S}.LinearLR(opt, start_factor=0.1, total_iters=5), ${S}.CosineAnnealingLR(opt, T_max=15)], milestones=[5])`,
    nabla: (o) => new LRScheduler(o, sequential([{ schedule: linearWarmup({ steps: 5, startFactor: 0.1 }), steps: 5 }, { schedule: cosineAnnealing({ tMax: 15 }) }])),
  }),
  optimizerCase('chain(warmup 5, exponential 0.95) = ChainedScheduler', SGD_TORCH, sgd, {
    torch: `${S}.ChainedScheduler([${S}.LinearLR(opt, start_factor=0.1, total_iters=5), ${S}.ExponentialLR(opt, gamma=0.95)])`,
    nabla: (o) => new LRScheduler(o, chain(linearWarmup({ steps: 5, startFactor: 0.1 }), exponentialDecay({ gamma: 0.95 }))),
  }),
  optimizerCase('Adam + CosineAnnealingLR(T 20)', 'torch.optim.Adam(params, lr=0.01)', (p) => new Adam(p, { lr: 0.01 }), {
    torch: `${S}.CosineAnnealingLR(opt, T_max=20)`, nabla: (o) => new CosineAnnealingLR(o, { tMax: 20 }),
  }),
];

paritySuite('optimizers and schedules', cases);
