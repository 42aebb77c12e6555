/** Validation of optimizer hyperparameters. */
import { ArgumentError } from '@nabla/tensor-core';

/** A hyperparameter value: numbers and flags only, so groups serialise as JSON. */
export type HyperValue = number | boolean;

/** Hyperparameters of one parameter group: a learning rate plus optimizer-specific numbers and flags. */
export interface Hyperparameters {
  /** Learning rate: the step size every optimizer scales its update by (change it between steps to schedule it). */
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

/**
 * The defaults overridden by `options`, which must be a plain object whose keys the optimizer
 * knows (`{ learningRate: 0.1 }` or a bare `0.1` would otherwise be ignored without a word).
 */
export function withOptions<H extends Hyperparameters>(op: string, defaults: H, options: unknown): H {
  if (options === undefined) return defaults;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    const got = Array.isArray(options) ? 'an array' : options === null ? 'null' : `${typeof options} ${String(options)}`;
    throw new ArgumentError(op, `options must be an object such as { lr: 0.01 }, got ${got}`);
  }
  const known = Object.keys(defaults);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new ArgumentError(op, `unknown option '${key}' (known: ${known.join(', ')})`);
  }
  const merged: Record<string, unknown> = { ...(defaults as unknown as Record<string, unknown>) };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) merged[key] = value;
  return merged as H;
}
