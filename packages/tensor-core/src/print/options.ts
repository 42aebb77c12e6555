/** How tensors print, like `torch.set_printoptions`: one global setting, changed with setPrintOptions. */
import { ArgumentError } from '../errors.js';

/** Print settings (all optional in setPrintOptions). */
export interface PrintOptions {
  /** Tensors with more elements than this are summarised with `...` (default 1000). */
  readonly threshold: number;
  /** Items kept at each end of every dimension when summarising (default 3). */
  readonly edgeItems: number;
  /** Digits after the decimal point for floats (default 4). */
  readonly precision: number;
  /** Characters per line before a row wraps (default 80). */
  readonly lineWidth: number;
}

const DEFAULTS: PrintOptions = Object.freeze({ threshold: 1000, edgeItems: 3, precision: 4, lineWidth: 80 });
let current: PrintOptions = DEFAULTS;

/** The print settings in force. */
export function getPrintOptions(): PrintOptions {
  return current;
}

/**
 * Change how tensors print (`toString()`, `print()`, `console.log` in Node); unnamed settings keep
 * their value, `'default'` restores every default. Returns the settings now in force.
 */
export function setPrintOptions(options: Partial<PrintOptions> | 'default'): PrintOptions {
  if (options === 'default') return (current = DEFAULTS);
  const next = { ...current, ...options };
  const checks: [keyof PrintOptions, number][] = [['threshold', 0], ['edgeItems', 1], ['precision', 0], ['lineWidth', 1]];
  for (const [key, min] of checks) {
    const v = next[key];
    if (!(Number.isInteger(v) && v >= min) && !(key === 'threshold' && v === Infinity)) {
      throw new ArgumentError('setPrintOptions', `${key} must be an integer >= ${min}, got ${String(v)}`);
    }
  }
  if (next.precision > 20) throw new ArgumentError('setPrintOptions', `precision must be at most 20, got ${next.precision}`);
  return (current = Object.freeze(next));
}
