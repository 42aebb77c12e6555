/** The optim section: @nabla/optim's losses and optimizer update rules on the backend under test. */
import { describe } from 'vitest';
import type { ConformanceContext } from '../context.js';
import { describeLosses } from './losses.js';
import { describeOptimizers } from './optimizers.js';

/** Register the optim checks with vitest (the backend is selected by the enclosing describe). */
export function describeOptim(ctx: ConformanceContext): void {
  describe('optim', () => {
    describeLosses(ctx);
    describeOptimizers(ctx);
  });
}
