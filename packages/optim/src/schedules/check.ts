/** Argument checks for schedule factories. */
import { ArgumentError } from '@nabla/tensor-core';

/** Throws an ArgumentError naming `op` unless `value` is a positive integer. */
export function checkPositiveInteger(op: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new ArgumentError(op, `${name} must be a positive integer, got ${value}`);
}

/** Throws an ArgumentError naming `op` unless `value` is finite and > 0. */
export function checkPositive(op: string, name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new ArgumentError(op, `${name} must be a finite number > 0, got ${value}`);
}

/** Throws an ArgumentError naming `op` unless lo ≤ value ≤ hi. */
export function checkRange(op: string, name: string, value: number, lo: number, hi: number): void {
  if (!(value >= lo && value <= hi)) throw new ArgumentError(op, `${name} must be in [${lo}, ${hi}], got ${value}`);
}
