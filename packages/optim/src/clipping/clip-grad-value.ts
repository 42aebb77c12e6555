/** Clamp every gradient element to a range. */
import { ArgumentError, tidy, withoutRecording, type Tensor } from '@nabla/tensor-core';
import { gradientsOf } from './gradients.js';

/** Clamp each gradient element of `params` in place to [−clipValue, clipValue]. */
export function clipGradValue(params: Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue >= 0) || !Number.isFinite(clipValue)) {
    throw new ArgumentError('clipGradValue', `clipValue must be a finite number >= 0, got ${clipValue}`);
  }
  const grads = gradientsOf('clipGradValue', params);
  withoutRecording(() => tidy(() => {
    for (const g of grads) g.assign(g.clip(-clipValue, clipValue));
  }));
}
