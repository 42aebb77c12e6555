/** Direct-loop 2-D convolution (cross-correlation, NCHW/OIHW) and both of its backprops. */
import { numel, type NdArray } from './ndarray.js';

/** Strides [sh, sw], pads [top, bottom, left, right], dilations [dh, dw]. */
export interface ConvGeometry {
  readonly strides: readonly [number, number];
  readonly pads: readonly [number, number, number, number];
  readonly dilations: readonly [number, number];
}

/** Output length of a sliding window along one axis. */
export function windowCount(size: number, kernel: number, stride: number, before: number, after: number, dilation: number): number {
  let count = 0;
  for (let start = -before; start + (kernel - 1) * dilation < size + after; start += stride) count++;
  return count;
}

/** Visit every (output cell, filter tap) pair that touches a real input cell. */
function forEachTap(
  xShape: readonly number[], wShape: readonly number[], g: ConvGeometry,
  visit: (xi: number, wi: number, yi: number) => void,
): number[] {
  const [N, C, H, W] = xShape;
  const [O, , KH, KW] = wShape;
  const OH = windowCount(H, KH, g.strides[0], g.pads[0], g.pads[1], g.dilations[0]);
  const OW = windowCount(W, KW, g.strides[1], g.pads[2], g.pads[3], g.dilations[1]);
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    const yi = ((n * O + o) * OH + oh) * OW + ow;
    for (let c = 0; c < C; c++) for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
      const ih = oh * g.strides[0] - g.pads[0] + kh * g.dilations[0];
      const iw = ow * g.strides[1] - g.pads[2] + kw * g.dilations[1];
      if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
      visit(((n * C + c) * H + ih) * W + iw, ((o * C + c) * KH + kh) * KW + kw, yi);
    }
  }
  return [N, O, OH, OW];
}

/** y = conv2d(x, w). */
export function conv2d(x: NdArray, w: NdArray, g: ConvGeometry): NdArray {
  const [N, , H, W] = x.shape;
  const [O, , KH, KW] = w.shape;
  const OH = windowCount(H, KH, g.strides[0], g.pads[0], g.pads[1], g.dilations[0]);
  const OW = windowCount(W, KW, g.strides[1], g.pads[2], g.pads[3], g.dilations[1]);
  const y = new Float64Array(N * O * OH * OW);
  const shape = forEachTap(x.shape, w.shape, g, (xi, wi, yi) => { y[yi] += x.data[xi] * w.data[wi]; });
  return { shape, data: y };
}

/** dx = ∂(Σ y·dy)/∂x. */
export function conv2dBackpropInput(dy: NdArray, w: NdArray, xShape: readonly number[], g: ConvGeometry): NdArray {
  const dx = new Float64Array(numel(xShape));
  forEachTap(xShape, w.shape, g, (xi, wi, yi) => { dx[xi] += dy.data[yi] * w.data[wi]; });
  return { shape: [...xShape], data: dx };
}

/** dw = ∂(Σ y·dy)/∂w. */
export function conv2dBackpropFilter(x: NdArray, dy: NdArray, wShape: readonly number[], g: ConvGeometry): NdArray {
  const dw = new Float64Array(numel(wShape));
  forEachTap(x.shape, wShape, g, (xi, wi, yi) => { dw[wi] += x.data[xi] * dy.data[yi]; });
  return { shape: [...wShape], data: dw };
}
