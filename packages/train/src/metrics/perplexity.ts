/** Language-model figures from the mean cross-entropy: perplexity and bits per token. */
import type { Tensor } from '@nabla/tensor-core';
import { crossEntropy } from '@nabla/optim';
import { Metric, type BatchCount, type MeasuredValues } from './metric.js';

/** Mean cross-entropy in nats over every target token (logits [n, vocab], targets [n]). */
abstract class TokenNll extends Metric {
  protected constructor() {
    super(2);
  }

  /** The batch's mean negative log-likelihood in nats. */
  measure(output: Tensor, target: Tensor): Tensor[] {
    return [crossEntropy(output, target)];
  }

  /** Weight the batch mean by its token count. */
  update([nll]: MeasuredValues, count: BatchCount): void {
    this.sums[0] += nll[0] * count.elements;
    this.sums[1] += count.elements;
  }

  /** Mean nats per token. */
  protected nats(): number {
    return this.sums[0] / this.sums[1];
  }
}

/** exp(mean nats per token). */
export class Perplexity extends TokenNll {
  readonly name = 'perplexity';

  constructor() {
    super();
  }

  /** `{ perplexity }`. */
  results(): Record<string, number> {
    return { perplexity: Math.exp(this.nats()) };
  }
}

/** Mean bits per token: nats / ln 2. */
export class BitsPerToken extends TokenNll {
  readonly name = 'bits_per_token';

  constructor() {
    super();
  }

  /** `{ bits_per_token }`. */
  results(): Record<string, number> {
    return { bits_per_token: this.nats() / Math.LN2 };
  }
}
