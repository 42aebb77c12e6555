/** Validation of optimizer hyperparameters. */
import { ArgumentError } from '@nabla/tensor-core';

/** A hyperparameter value: numbers and flags only, so groups serialise as JSON. */
export type HyperValue = number | boolean;

/** Hyperparameters of one parameter group: a learning rate plus optimizer-specific numbers and flags. */
export interface Hyperparameters {
  lr: number;
}

/** Throws an ArgumentError naming `op` unless `value` is finite and ≥ 0. */
export function checkNonNegative(op: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ArgumentError(op, `${name} must be a finite number >= 0, got ${String(value)}`);
  }
}

/** Throws an ArgumentError naming `op` unless 0 ≤ value < 1. */
export function checkUnitInterval(op: string, name: string, value: number): void {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ArgumentError(op, `${name} must be in [0, 1), got ${String(value)}`);
  }
}

/** Throws an ArgumentError naming `op` unless `value` is a boolean. */
export function checkFlag(op: string, name: string, value: boolean): void {
  if (typeof value !== 'boolean') throw new ArgumentError(op, `${name} must be a boolean, got ${String(value)}`);
}
