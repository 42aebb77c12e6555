/** When a deferred input is computed inside its consumer's program instead of on its own. */
import { sizeOf } from '../shape.js';
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
 * The deferred program to inline for `input` of a fused program with `outSize` elements, or null
 * when the input is (or must become) a buffer: inlined are constants, and deferred values read
 * element for element (same size, seen with the shape they were computed in) — never a broadcast
 * one, which would be recomputed for every element it is repeated to.
 */
export function inlinable(input: DeferredInput, outSize: number): DeferredElementwise | null {
  const pending = input.storage.deferredProgram;
  if (pending === null) return null;
  if (pending.program.inputs.length === 0) return pending;
  return sizeOf(input.shape) === outSize && sameDims(input.shape, pending.outShape) ? pending : null;
}
