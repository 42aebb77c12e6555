/** Checking command-line option values, each failure a one-line UserError naming the option. */
import { UserError } from './user-error.js';

/** A positive integer option, or `fallback` when absent. */
export function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`--${name} must be a positive integer, got '${value}'`);
  return n;
}

/** A positive number option, or `fallback` when absent. */
export function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`--${name} must be a positive number, got '${value}'`);
  return n;
}

/** One of `choices`, or `fallback` when absent. */
export function oneOf<T extends string>(name: string, value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new UserError(`--${name} must be one of ${choices.join(', ')}, got '${value}'`);
  return value as T;
}
