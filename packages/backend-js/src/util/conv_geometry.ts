/** Window geometry shared by convolution and pooling kernels. */

/** Output size of a strided, padded, dilated window along one axis. */
export function windowOutSize(inSize: number, kernel: number, stride: number, padBefore: number, padAfter: number, dilation = 1): number {
  const effective = (kernel - 1) * dilation + 1;
  return Math.floor((inSize + padBefore + padAfter - effective) / stride) + 1;
}

/** Everything a 2-D window kernel needs about one layer, resolved once. */
export interface Conv2dGeometry {
  readonly batch: number;
  readonly inChannels: number;
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

/** Resolve x [N, C, H, W] and w [O, C, KH, KW] under strides/pads/dilations. */
export function conv2dGeometry(
  xShape: readonly number[], wShape: readonly number[],
  strides: readonly [number, number], pads: readonly [number, number, number, number], dilations: readonly [number, number],
): Conv2dGeometry {
  const [batch, inChannels, inHeight, inWidth] = xShape;
  const [outChannels, , kernelHeight, kernelWidth] = wShape;
  return {
    batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
    outHeight: windowOutSize(inHeight, kernelHeight, strides[0], pads[0], pads[1], dilations[0]),
    outWidth: windowOutSize(inWidth, kernelWidth, strides[1], pads[2], pads[3], dilations[1]),
    strideH: strides[0], strideW: strides[1], padTop: pads[0], padLeft: pads[2],
    dilationH: dilations[0], dilationW: dilations[1],
  };
}
