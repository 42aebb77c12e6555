/** argsort: positions (int32) carry no gradient; the entry exists because the op is recorded for exporters. */
import type { GradRule } from './grad-rule.js';

/** argsort(x) → no gradient (autograd never records an int32 output). */
export const argsortRule: GradRule<'argsort'> = {
  saveInputs: [],
  saveOutput: false,
  backward: () => [null],
};
