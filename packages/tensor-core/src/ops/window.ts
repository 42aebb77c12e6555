/** Resolving stride/padding/dilation options for sliding-window ops (conv, pool). */
import { convOutSize } from '../backend.js';
import { ArgumentError, ShapeError, fmtShape } from '../errors.js';
import { describeValue } from '../describe-value.js';

/** A number for both spatial axes, or [height, width]. */
export type Pair = number | readonly [number, number];

/** 'valid' (no padding), 'same' (output = ceil(input / stride), TensorFlow's split), a number, [h, w], or [top, bottom, left, right]. */
export type Padding = 'valid' | 'same' | number | readonly [number, number] | readonly [number, number, number, number];

/** A positive-integer pair from a number or a pair. */
export function pair(op: string, name: string, v: Pair): [number, number] {
  if (typeof v !== 'number' && !(Array.isArray(v) && v.length === 2)) {
    throw new ArgumentError(op, `${name} must be a positive integer or a pair of them, got ${describeValue(v)}`);
  }
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((n) => Number.isInteger(n) && n >= 1)) throw new ArgumentError(op, `${name} must be positive integers, got ${JSON.stringify(v)}`);
  return p;
}

/** Explicit [top, bottom, left, right] pads. */
export function resolvePads(
  op: string,
  padding: Padding,
  inHW: readonly [number, number],
  effectiveKernel: readonly [number, number],
  strides: readonly [number, number],
): [number, number, number, number] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    const total = [0, 1].map((i) => {
      const out = Math.ceil(inHW[i] / strides[i]);
      return Math.max((out - 1) * strides[i] + effectiveKernel[i] - inHW[i], 0);
    });
    return [Math.floor(total[0] / 2), total[0] - Math.floor(total[0] / 2), Math.floor(total[1] / 2), total[1] - Math.floor(total[1] / 2)];
  }
  const p: number[] = typeof padding === 'number' ? [padding, padding, padding, padding] : padding.length === 2 ? [padding[0], padding[0], padding[1], padding[1]] : [...padding];
  if (!p.every((n) => Number.isInteger(n) && n >= 0)) throw new ArgumentError(op, `padding must be non-negative integers, got ${JSON.stringify(padding)}`);
  return p as [number, number, number, number];
}

/** Output [OH, OW]; throws when the window does not fit. */
export function windowOutput(
  op: string,
  inShape: readonly number[],
  kernel: readonly [number, number],
  strides: readonly [number, number],
  pads: readonly [number, number, number, number],
  dilations: readonly [number, number],
): [number, number] {
  const oh = convOutSize(inShape[2], kernel[0], strides[0], pads[0], pads[1], dilations[0]);
  const ow = convOutSize(inShape[3], kernel[1], strides[1], pads[2], pads[3], dilations[1]);
  if (oh <= 0 || ow <= 0) {
    throw new ShapeError(op, `window ${kernel[0]}x${kernel[1]} (dilation ${dilations.join('x')}, pads ${pads.join(',')}) does not fit input ${fmtShape(inShape)}`);
  }
  return [oh, ow];
}
