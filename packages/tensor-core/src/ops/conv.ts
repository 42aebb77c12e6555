/** Convolutions (cross-correlation, NCHW / OIHW) and their two backprop kernels. */
import type { Conv2dParams } from '../backend.js';
import { tidy } from '../engine.js';
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { reshape } from './layout.js';
import { assertFloat, assertRank, backendOf, runKernel, wrap } from './run.js';
import { checkAllocation } from '../allocation.js';
import { pair, resolvePads, windowOutput, type Pair, type Padding } from './window.js';

/** Convolution options. */
export interface Conv2dOptions {
  /** Step between output positions, one number or [h, w] (default 1). */
  readonly stride?: Pair;
  /** Zero padding: 'valid', 'same', a number, [h, w] or [top, bottom, left, right] (default 0). */
  readonly padding?: Padding;
  /** Spacing between filter taps, one number or [h, w] (default 1). */
  readonly dilation?: Pair;
}

/** Resolve options against input shape [N, C, H, W] and filter shape [O, C, KH, KW] → strides, pads, dilations. */
export function conv2dParams(op: string, xShape: readonly number[], wShape: readonly number[], options: Conv2dOptions): Conv2dParams {
  const strides = pair(op, 'stride', options.stride ?? 1);
  const dilations = pair(op, 'dilation', options.dilation ?? 1);
  const effective: [number, number] = [(wShape[2] - 1) * dilations[0] + 1, (wShape[3] - 1) * dilations[1] + 1];
  const pads = resolvePads(op, options.padding ?? 0, [xShape[2], xShape[3]], effective, strides);
  return { strides, pads, dilations };
}

function checkPair(op: string, x: Tensor, w: Tensor): void {
  assertRank(op, x, 4, 'input');
  assertRank(op, w, 4, 'filter');
  assertFloat(op, x);
  if (w.dtype !== x.dtype) throw new DTypeError(op, `input ${x.dtype} and filter ${w.dtype} dtypes differ`);
  if (x.shape[1] !== w.shape[1]) {
    throw new ShapeError(op, `input channels ${x.shape[1]} of ${fmtShape(x.shape)} do not match filter ${fmtShape(w.shape)} (expects ${w.shape[1]})`);
  }
}

/** 2-D convolution: x [N, C, H, W], w [O, C, KH, KW] → [N, O, OH, OW]. */
export function conv2d(x: Tensor, w: Tensor, options: Conv2dOptions = {}): Tensor {
  const op = 'conv2d';
  const backend = backendOf(op, [x, w]);
  checkPair(op, x, w);
  const p = conv2dParams(op, x.shape, w.shape, options);
  const [oh, ow] = windowOutput(op, x.shape, [w.shape[2], w.shape[3]], p.strides, p.pads, p.dilations);
  const outShape = [x.shape[0], w.shape[0], oh, ow];
  checkAllocation(op, backend, outShape, x.dtype);
  return runKernel(op, [x, w], p, () => wrap(backend, backend.conv2d(x, w, p, outShape), outShape, x.dtype));
}

/** Gradient of conv2d with respect to its input: dy [N, O, OH, OW], w [O, C, KH, KW] → dx [N, C, H, W] (xShape). */
export function conv2dBackpropInput(dy: Tensor, w: Tensor, xShape: readonly number[], p: Conv2dParams): Tensor {
  const op = 'conv2dBackpropInput';
  const backend = backendOf(op, [dy, w]);
  assertRank(op, dy, 4, 'dy');
  assertRank(op, w, 4, 'filter');
  const [oh, ow] = windowOutput(op, xShape, [w.shape[2], w.shape[3]], p.strides, p.pads, p.dilations);
  if (dy.shape[1] !== w.shape[0] || dy.shape[2] !== oh || dy.shape[3] !== ow || dy.shape[0] !== xShape[0] || w.shape[1] !== xShape[1]) {
    throw new ShapeError(op, `dy ${fmtShape(dy.shape)} does not match filter ${fmtShape(w.shape)} and input ${fmtShape(xShape)}`);
  }
  return runKernel(op, [dy, w], { ...p, xShape: [...xShape] }, () => wrap(backend, backend.conv2dBackpropInput(dy, w, xShape, p), xShape, dy.dtype));
}

/** Gradient of conv2d with respect to its filter: x [N, C, H, W], dy [N, O, OH, OW] → dw [O, C, KH, KW] (wShape). */
export function conv2dBackpropFilter(x: Tensor, dy: Tensor, wShape: readonly number[], p: Conv2dParams): Tensor {
  const op = 'conv2dBackpropFilter';
  const backend = backendOf(op, [x, dy]);
  assertRank(op, x, 4, 'input');
  assertRank(op, dy, 4, 'dy');
  const [oh, ow] = windowOutput(op, x.shape, [wShape[2], wShape[3]], p.strides, p.pads, p.dilations);
  if (dy.shape[0] !== x.shape[0] || dy.shape[1] !== wShape[0] || dy.shape[2] !== oh || dy.shape[3] !== ow || wShape[1] !== x.shape[1]) {
    throw new ShapeError(op, `dy ${fmtShape(dy.shape)} does not match input ${fmtShape(x.shape)} and filter ${fmtShape(wShape)}`);
  }
  return runKernel(op, [x, dy], { ...p, wShape: [...wShape] }, () => wrap(backend, backend.conv2dBackpropFilter(x, dy, wShape, p), wShape, x.dtype));
}

/** 1-D convolution options (single numbers). */
export interface Conv1dOptions {
  /** Step between output positions (default 1). */
  readonly stride?: number;
  /** Zero padding: 'valid', 'same', one number for both ends, or [left, right] (default 0). */
  readonly padding?: 'valid' | 'same' | number | readonly [number, number];
  /** Spacing between filter taps (default 1). */
  readonly dilation?: number;
}

/** 1-D convolution: x [N, C, L], w [O, C, K] → [N, O, OL] (a conv2d with height 1). */
export function conv1d(x: Tensor, w: Tensor, options: Conv1dOptions = {}): Tensor {
  assertRank('conv1d', x, 3, 'input');
  assertRank('conv1d', w, 3, 'filter');
  const stride = options.stride ?? 1;
  const dilation = options.dilation ?? 1;
  const padding = options.padding ?? 0;
  let lr: readonly [number, number];
  if (padding === 'valid') lr = [0, 0];
  else if (padding === 'same') {
    const p = resolvePads('conv1d', 'same', [1, x.shape[2]], [1, (w.shape[2] - 1) * dilation + 1], [1, stride]);
    lr = [p[2], p[3]];
  } else lr = typeof padding === 'number' ? [padding, padding] : padding;
  return tidy(() => {
    const x4 = reshape(x, [x.shape[0], x.shape[1], 1, x.shape[2]]);
    const w4 = reshape(w, [w.shape[0], w.shape[1], 1, w.shape[2]]);
    const y = conv2d(x4, w4, { stride: [1, stride], dilation: [1, dilation], padding: [0, 0, lr[0], lr[1]] });
    return reshape(y, [y.shape[0], y.shape[1], y.shape[3]]);
  });
}
