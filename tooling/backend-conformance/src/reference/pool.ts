/** Max and average pooling (NCHW) and their backprops by direct loops. */
import { windowCount } from './conv.js';
import { numel, type NdArray } from './ndarray.js';

/** Window size [kh, kw], strides, pads [top, bottom, left, right], divisor rule. */
export interface PoolGeometry {
  readonly kernel: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly pads: readonly [number, number, number, number];
  readonly countIncludePad: boolean;
}

/** For each output cell, the flat input indices of the real (unpadded) cells of its window, row-major. */
function windows(xShape: readonly number[], g: PoolGeometry, visit: (yi: number, cells: number[]) => void): number[] {
  const [N, C, H, W] = xShape;
  const OH = windowCount(H, g.kernel[0], g.strides[0], g.pads[0], g.pads[1], 1);
  const OW = windowCount(W, g.kernel[1], g.strides[1], g.pads[2], g.pads[3], 1);
  for (let nc = 0; nc < N * C; nc++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    const cells: number[] = [];
    for (let kh = 0; kh < g.kernel[0]; kh++) for (let kw = 0; kw < g.kernel[1]; kw++) {
      const ih = oh * g.strides[0] - g.pads[0] + kh;
      const iw = ow * g.strides[1] - g.pads[2] + kw;
      if (ih >= 0 && ih < H && iw >= 0 && iw < W) cells.push((nc * H + ih) * W + iw);
    }
    visit((nc * OH + oh) * OW + ow, cells);
  }
  return [N, C, OH, OW];
}

/** Max over each window's real cells. */
export function maxPool2d(x: NdArray, g: PoolGeometry): NdArray {
  const out: number[] = [];
  const shape = windows(x.shape, g, (yi, cells) => { out[yi] = Math.max(...cells.map((i) => x.data[i])); });
  return { shape, data: Float64Array.from(out) };
}

/** Mean over each window. */
export function avgPool2d(x: NdArray, g: PoolGeometry): NdArray {
  const out: number[] = [];
  const shape = windows(x.shape, g, (yi, cells) => {
    const divisor = g.countIncludePad ? g.kernel[0] * g.kernel[1] : cells.length;
    out[yi] = cells.reduce((s, i) => s + x.data[i], 0) / divisor;
  });
  return { shape, data: Float64Array.from(out) };
}

/** dy routed to the first maximum of each window. */
export function maxPool2dBackprop(dy: NdArray, x: NdArray, g: PoolGeometry): NdArray {
  const dx = new Float64Array(numel(x.shape));
  windows(x.shape, g, (yi, cells) => {
    let best = cells[0];
    for (const i of cells) if (x.data[i] > x.data[best]) best = i;
    dx[best] += dy.data[yi];
  });
  return { shape: [...x.shape], data: dx };
}

/** dy / divisor spread over each window. */
export function avgPool2dBackprop(dy: NdArray, xShape: readonly number[], g: PoolGeometry): NdArray {
  const dx = new Float64Array(numel(xShape));
  windows(xShape, g, (yi, cells) => {
    const divisor = g.countIncludePad ? g.kernel[0] * g.kernel[1] : cells.length;
    for (const i of cells) dx[i] += dy.data[yi] / divisor;
  });
  return { shape: [...xShape], data: dx };
}
