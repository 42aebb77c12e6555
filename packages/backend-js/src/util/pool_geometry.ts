/** Window geometry of a 2-D pooling layer. */
import type { Pool2dParams } from '@nabla/tensor-core';
import { windowOutSize } from './conv_geometry.js';

/** Everything a pooling kernel needs about one layer, resolved once. */
export interface Pool2dGeometry {
  /** N·C: pooling treats every channel of every image as its own plane. */
  readonly planes: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** Resolve x [N, C, H, W] under a pooling window. */
export function pool2dGeometry(xShape: readonly number[], p: Pool2dParams): Pool2dGeometry {
  const [n, c, inHeight, inWidth] = xShape;
  return {
    planes: n * c, inHeight, inWidth,
    outHeight: windowOutSize(inHeight, p.kernel[0], p.strides[0], p.pads[0], p.pads[1]),
    outWidth: windowOutSize(inWidth, p.kernel[1], p.strides[1], p.pads[2], p.pads[3]),
    kernelHeight: p.kernel[0], kernelWidth: p.kernel[1],
    strideH: p.strides[0], strideW: p.strides[1], padTop: p.pads[0], padLeft: p.pads[2],
  };
}

/** The in-bounds part [start, end) of a window that begins at `origin` on an axis of `size`. */
export function windowRange(origin: number, kernel: number, size: number): [number, number] {
  return [Math.max(origin, 0), Math.min(origin + kernel, size)];
}
