/** When a deferred input is computed inside its consumer's program instead of on its own. */
import { MAX_BROADCAST_INLINE_STEPS } from './limits.js';
import type { DeferredElementwise, DeferredInput } from './deferred.js';

/** Whether `a` and `b` are one shape up to leading 1s. */
function sameDims(a: readonly number[], b: readonly number[]): boolean {
  let i = a.length - 1;
  let j = b.length - 1;
  for (; i >= 0 && j >= 0; i--, j--) if (a[i] !== b[j]) return false;
  for (; i >= 0; i--) if (a[i] !== 1) return false;
  for (; j >= 0; j--) if (b[j] !== 1) return false;
  return true;
}

/**
 * The deferred program to inline for `input` of a program with `outSize` elements, or null when
 * the input is (or must become) a buffer. Inlined are constants, deferred values read element for
 * element (same size, seen in the shape they were computed in), and small deferred programs that
 * are broadcast (a few steps recomputed per element cost less than a kernel launch and a buffer).
 */
export function inlinable(input: DeferredInput, outSize: number): DeferredElementwise | null {
  const pending = input.storage.deferredProgram;
  if (pending === null) return null;
  if (pending.program.inputs.length === 0) return pending;
  if (!sameDims(input.shape, pending.outShape)) return null;
  return pending.outSize === outSize || pending.fusedSteps <= MAX_BROADCAST_INLINE_STEPS ? pending : null;
}
