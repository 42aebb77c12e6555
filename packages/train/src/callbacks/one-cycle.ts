/** The one-cycle policy (Smith 2018, PyTorch's OneCycleLR with cosine annealing). */
import { TrainArgumentError } from '../errors.js';
import type { StepPosition } from '../fit/types.js';
import type { Callback, FitControl } from './callback.js';

/** Options of {@link OneCycle}. */
export interface OneCycleOptions {
  /** The peak rate. */
  readonly maxLr: number;
  /** Share of the steps spent warming up (default 0.3). */
  readonly pctStart?: number;
  /** Start rate = maxLr / divFactor (default 25). */
  readonly divFactor?: number;
  /** Final rate = start rate / finalDivFactor (default 1e4). */
  readonly finalDivFactor?: number;
}

/** The one-cycle rate at `step` of `total` steps (cosine up from maxLr/div, then down to maxLr/div/finalDiv). */
export function oneCycleLr(step: number, total: number, options: OneCycleOptions): number {
  const { maxLr, pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4 } = options;
  const initial = maxLr / divFactor;
  const final = initial / finalDivFactor;
  const up = Math.max(Number.EPSILON, pctStart * total - 1);
  const down = Math.max(Number.EPSILON, total - 1 - up);
  const cos = (from: number, to: number, t: number): number => to + ((from - to) * (1 + Math.cos(Math.PI * Math.min(1, t)))) / 2;
  return step <= up ? cos(initial, maxLr, step / up) : cos(maxLr, final, (step - up) / down);
}

/** Sets every step's rate from the one-cycle policy over fit's planned steps (overrides fit's schedule). */
export class OneCycle implements Callback {
  /** Callback name (it keeps no state; OneCycle derives every rate from the step): `'oneCycle'`. */
  readonly name = 'oneCycle';

  constructor(private readonly options: OneCycleOptions) {
    const { maxLr, pctStart = 0.3 } = options;
    if (!(maxLr > 0 && Number.isFinite(maxLr))) throw new TrainArgumentError('OneCycle', `maxLr must be a finite number > 0, got ${maxLr}`);
    if (!(pctStart > 0 && pctStart < 1)) throw new TrainArgumentError('OneCycle', `pctStart must be in (0, 1), got ${pctStart}`);
  }

  /** Set this step's rate. */
  onStepBegin(position: StepPosition, control: FitControl): void {
    control.lr = oneCycleLr(position.globalStep, control.totalSteps, this.options);
  }
}
