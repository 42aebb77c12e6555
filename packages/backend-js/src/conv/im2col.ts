/** im2col / col2im: the bridge between a convolution and a matrix product. */
import type { TypedArray } from '@nabla/tensor-core';
import type { WindowGeometry } from '@nabla/tensor-core/kernel-kit';

/**
 * Unfold image `n` of x into col [C·KH·KW, OH·OW]: row (c, kh, kw) holds, for every output
 * position, the input value under that filter tap (0 in the padding).
 */
export function im2col(x: TypedArray, n: number, g: WindowGeometry, col: TypedArray): void {
  const { channels: C, inHeight: H, inWidth: W, kernelHeight: KH, kernelWidth: KW, outHeight: OH, outWidth: OW } = g;
  const { strideH, strideW, padTop, padLeft, dilationH, dilationW } = g;
  const plane = OH * OW;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const xBase = (n * C + c) * H * W;
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++, row++) {
        const dst = row * plane;
        const colOffset = kw * dilationW - padLeft;
        // output columns whose input column lies inside [0, W)
        const owStart = clampStart(colOffset, strideW);
        const owEnd = Math.min(OW, clampEnd(colOffset, strideW, W));
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * strideH + kh * dilationH - padTop;
          const d = dst + oh * OW;
          if (ih < 0 || ih >= H || owStart >= owEnd) {
            col.fill(0, d, d + OW);
            continue;
          }
          const src = xBase + ih * W + colOffset;
          for (let ow = 0; ow < owStart; ow++) col[d + ow] = 0;
          if (strideW === 1) {
            for (let ow = owStart; ow < owEnd; ow++) col[d + ow] = x[src + ow];
          } else {
            for (let ow = owStart; ow < owEnd; ow++) col[d + ow] = x[src + ow * strideW];
          }
          for (let ow = owEnd; ow < OW; ow++) col[d + ow] = 0;
        }
      }
    }
  }
}

/** Fold col [C·KH·KW, OH·OW] back onto image `n` of dx, summing overlapping taps (adjoint of im2col). */
export function col2im(col: TypedArray, n: number, g: WindowGeometry, dx: TypedArray): void {
  const { channels: C, inHeight: H, inWidth: W, kernelHeight: KH, kernelWidth: KW, outHeight: OH, outWidth: OW } = g;
  const { strideH, strideW, padTop, padLeft, dilationH, dilationW } = g;
  const plane = OH * OW;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const xBase = (n * C + c) * H * W;
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++, row++) {
        const srcRow = row * plane;
        const colOffset = kw * dilationW - padLeft;
        const owStart = clampStart(colOffset, strideW);
        const owEnd = Math.min(OW, clampEnd(colOffset, strideW, W));
        if (owStart >= owEnd) continue;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * strideH + kh * dilationH - padTop;
          if (ih < 0 || ih >= H) continue;
          const dst = xBase + ih * W + colOffset;
          const s = srcRow + oh * OW;
          for (let ow = owStart; ow < owEnd; ow++) dx[dst + ow * strideW] += col[s + ow];
        }
      }
    }
  }
}

/** First ow with ow·stride + offset >= 0. */
function clampStart(offset: number, stride: number): number {
  return offset >= 0 ? 0 : Math.ceil(-offset / stride);
}

/** One past the last ow with ow·stride + offset < width. */
function clampEnd(offset: number, stride: number, width: number): number {
  return width - offset <= 0 ? 0 : Math.ceil((width - offset) / stride);
}
