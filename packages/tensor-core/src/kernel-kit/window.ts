/** Window geometry of 2-D convolution and pooling (NCHW), resolved once per call for kernels. */
import type { Conv2dParams, Pool2dParams } from '../backend.js';

/**
 * One 2-D sliding-window layer: input [batch, channels, inHeight, inWidth], `outChannels` filters
 * (pooling: equal to `channels`) of kernelHeight × kernelWidth cells, output
 * [batch, outChannels, outHeight, outWidth]. Strides, top/left padding and dilations per axis.
 */
export interface WindowGeometry {
  readonly batch: number;
  readonly channels: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly outChannels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly dilationH: number;
  readonly dilationW: number;
}

/**
 * Geometry of x [N, C, H, W] convolved with w [O, C, KH, KW] into y `yShape` [N, O, OH, OW]: the
 * forward output's shape, as tensor-core computed it (`outShape` of conv2d, `dy.shape` of the backprops).
 */
export function convGeometry(xShape: readonly number[], wShape: readonly number[], p: Conv2dParams, yShape: readonly number[]): WindowGeometry {
  const [batch, channels, inHeight, inWidth] = xShape;
  const [, , kernelHeight, kernelWidth] = wShape;
  const [, outChannels, outHeight, outWidth] = yShape;
  return {
    batch, channels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth, outHeight, outWidth,
    strideH: p.strides[0], strideW: p.strides[1], padTop: p.pads[0], padLeft: p.pads[2],
    dilationH: p.dilations[0], dilationW: p.dilations[1],
  };
}

/**
 * Geometry of pooling x [N, C, H, W] into y `yShape` [N, C, OH, OW] (outChannels = C, dilation 1):
 * the forward output's shape (`outShape` of the pool, `dy.shape` of its backprop).
 */
export function poolGeometry(xShape: readonly number[], p: Pool2dParams, yShape: readonly number[]): WindowGeometry {
  const [batch, channels, inHeight, inWidth] = xShape;
  const [kernelHeight, kernelWidth] = p.kernel;
  const [, , outHeight, outWidth] = yShape;
  return {
    batch, channels, inHeight, inWidth, outChannels: channels, kernelHeight, kernelWidth, outHeight, outWidth,
    strideH: p.strides[0], strideW: p.strides[1], padTop: p.pads[0], padLeft: p.pads[2], dilationH: 1, dilationW: 1,
  };
}

/** The in-bounds part [start, end) of a window that begins at `origin` on an axis of `size`. */
export function windowRange(origin: number, kernel: number, size: number): [number, number] {
  return [Math.max(origin, 0), Math.min(origin + kernel, size)];
}
