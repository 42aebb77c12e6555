/** Max and average pooling over NCHW windows, with their backprop kernels. */
import type { Pool2dParams } from '../backend.js';
import type { Tensor } from '../tensor.js';
import { assertFloat, assertRank, backendOf, runKernel, wrap } from './run.js';
import { pair, resolvePads, windowOutput, type Pair, type Padding } from './window.js';
import { ArgumentError, ShapeError, fmtShape } from '../errors.js';
import { assertValidShape } from '../shape.js';
import { describeValue } from '../describe-value.js';

/** Pooling options; stride defaults to the kernel size. */
export interface Pool2dOptions {
  /** Window height and width: one number or [h, w]. */
  readonly kernelSize: Pair;
  /** Step between windows, one number or [h, w] (default: the kernel size). */
  readonly stride?: Pair;
  /** Padding: 'valid', 'same', a number, [h, w] or [top, bottom, left, right] (default 0); padded cells never win a max. */
  readonly padding?: Padding;
  /** Averages divide by the full window including padding (PyTorch's default, true). */
  readonly countIncludePad?: boolean;
}

/** Options, or just the kernel size (`maxPool2d(x, 2)`, as in PyTorch), checked. */
function poolOptions(op: string, options: Pool2dOptions | Pair): Pool2dOptions {
  if (typeof options === 'number' || Array.isArray(options)) return { kernelSize: options as Pair };
  if (typeof options !== 'object' || options === null) {
    throw new ArgumentError(op, `expected the kernel size or { kernelSize, stride?, padding? }, got ${describeValue(options)}`);
  }
  return options as Pool2dOptions;
}

/** Throws unless `p` looks like resolved pooling parameters (from the forward op's recorded attributes). */
function assertPoolParams(op: string, p: unknown): asserts p is Pool2dParams {
  const ok = typeof p === 'object' && p !== null && ['kernel', 'strides', 'pads'].every((k) => Array.isArray((p as Record<string, unknown>)[k]));
  if (!ok) throw new ArgumentError(op, `expected pooling parameters { kernel, strides, pads, countIncludePad }, got ${describeValue(p)}`);
}

function poolParams(op: string, x: Tensor, given: Pool2dOptions | Pair): Pool2dParams {
  const options = poolOptions(op, given);
  const kernel = pair(op, 'kernelSize', options.kernelSize);
  const strides = pair(op, 'stride', options.stride ?? kernel);
  const pads = resolvePads(op, options.padding ?? 0, [x.shape[2], x.shape[3]], kernel, strides);
  if (pads[0] >= kernel[0] || pads[1] >= kernel[0] || pads[2] >= kernel[1] || pads[3] >= kernel[1]) {
    throw new ShapeError(op, `padding ${pads.join(',')} must be smaller than the window ${kernel.join('x')}`);
  }
  return { kernel, strides, pads, countIncludePad: options.countIncludePad ?? true };
}

function outShape(op: string, x: Tensor, p: Pool2dParams): number[] {
  const [oh, ow] = windowOutput(op, x.shape, p.kernel, p.strides, p.pads, [1, 1]);
  return [x.shape[0], x.shape[1], oh, ow];
}

/** Max over each window (options, or just the kernel size): x [N, C, H, W] → [N, C, OH, OW]. */
export function maxPool2d(x: Tensor, options: Pool2dOptions | Pair): Tensor {
  const backend = backendOf('maxPool2d', [x]);
  assertRank('maxPool2d', x, 4);
  assertFloat('maxPool2d', x);
  const p = poolParams('maxPool2d', x, options);
  const shape = outShape('maxPool2d', x, p);
  return runKernel('maxPool2d', [x], p, () => wrap(backend, backend.maxPool2d(x, p, shape), shape, x.dtype));
}

/** Mean over each window (options, or just the kernel size): x [N, C, H, W] → [N, C, OH, OW]. */
export function avgPool2d(x: Tensor, options: Pool2dOptions | Pair): Tensor {
  const backend = backendOf('avgPool2d', [x]);
  assertRank('avgPool2d', x, 4);
  assertFloat('avgPool2d', x);
  const p = poolParams('avgPool2d', x, options);
  const shape = outShape('avgPool2d', x, p);
  return runKernel('avgPool2d', [x], p, () => wrap(backend, backend.avgPool2d(x, p, shape), shape, x.dtype));
}

/** Gradient of maxPool2d: dy [N, C, OH, OW], x [N, C, H, W] → dx [N, C, H, W]; routes dy to each window's first maximum. */
export function maxPool2dBackprop(dy: Tensor, x: Tensor, p: Pool2dParams): Tensor {
  const backend = backendOf('maxPool2dBackprop', [dy, x]);
  assertPoolParams('maxPool2dBackprop', p);
  const expected = outShape('maxPool2dBackprop', x, p);
  if (dy.shape.join() !== expected.join()) throw new ShapeError('maxPool2dBackprop', `dy ${fmtShape(dy.shape)} should be ${fmtShape(expected)}`);
  return runKernel('maxPool2dBackprop', [dy, x], p, () => wrap(backend, backend.maxPool2dBackprop(dy, x, p), x.shape, x.dtype));
}

/** Gradient of avgPool2d: dy [N, C, OH, OW] → dx [N, C, H, W] (xShape); spreads dy evenly over each window. */
export function avgPool2dBackprop(dy: Tensor, xShape: readonly number[], p: Pool2dParams): Tensor {
  const backend = backendOf('avgPool2dBackprop', [dy]);
  assertValidShape('avgPool2dBackprop', xShape);
  assertPoolParams('avgPool2dBackprop', p);
  const [oh, ow] = windowOutput('avgPool2dBackprop', xShape, p.kernel, p.strides, p.pads, [1, 1]);
  const expected = [xShape[0], xShape[1], oh, ow];
  if (dy.shape.join() !== expected.join()) throw new ShapeError('avgPool2dBackprop', `dy ${fmtShape(dy.shape)} should be ${fmtShape(expected)}`);
  return runKernel('avgPool2dBackprop', [dy], { ...p, xShape: [...xShape] }, () => wrap(backend, backend.avgPool2dBackprop(dy, xShape, p), xShape, dy.dtype));
}
