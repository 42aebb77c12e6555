import type { Conv2dParams, Pool2dParams } from '@nabla/tensor-core';
import { convOutSize } from '@nabla/tensor-core';
import { ParamBlock } from '../params.js';

/**
 * The 15 geometry words shared by convolution and pooling kernels, in this order:
 * N, C, H, W, O, KH, KW, OH, OW, strideH, strideW, padTop, padLeft, dilationH, dilationW.
 * For pooling O = C and the "filter" is the pooling window.
 */
export interface WindowGeometry {
  readonly N: number; readonly C: number; readonly H: number; readonly W: number;
  readonly O: number; readonly KH: number; readonly KW: number; readonly OH: number; readonly OW: number;
  readonly sh: number; readonly sw: number; readonly pt: number; readonly pl: number; readonly dh: number; readonly dw: number;
}

/** WGSL reading the geometry words stored from `p[base]` into named `let`s (u32, padding i32). */
export function geometryLets(base: number): string {
  const w = (i: number): string => `p[${base + i}u]`;
  return /* wgsl */ `
  let N = ${w(0)}; let C = ${w(1)}; let H = ${w(2)}; let W = ${w(3)}; let O = ${w(4)};
  let KH = ${w(5)}; let KW = ${w(6)}; let OH = ${w(7)}; let OW = ${w(8)};
  let sh = ${w(9)}; let sw = ${w(10)}; let pt = bitcast<i32>(${w(11)}); let pl = bitcast<i32>(${w(12)});
  let dh = ${w(13)}; let dw = ${w(14)};`;
}

/** Geometry lets for kernels whose parameter block starts with a thread count (pooling). */
export const GEOMETRY_LETS = geometryLets(1);

/**
 * WGSL for a pooling backprop thread on input cell `gid` (after GEOMETRY_LETS): its `cell` index
 * in the plane, coordinates `y`/`x`, `plane`, and the inclusive ranges of output windows covering
 * it, `lo_h..hi_h` and `lo_w..hi_w` (empty when lo > hi). Divides with the PRELUDE's `udiv` (padding
 * is never negative, so no numerator is).
 */
export const COVERING_WINDOWS = /* wgsl */ `
  let plane = udiv(gid, H * W);
  let cell_u = gid - plane * H * W;
  let y_u = udiv(cell_u, W);
  let cell = i32(cell_u); let y = i32(y_u); let x = i32(cell_u - y_u * W);
  let lo_h = i32(udiv(u32(max(0, y + pt - i32(KH) + i32(sh))), sh));
  let hi_h = min(i32(OH) - 1, i32(udiv(u32(y + pt), sh)));
  let lo_w = i32(udiv(u32(max(0, x + pl - i32(KW) + i32(sw))), sw));
  let hi_w = min(i32(OW) - 1, i32(udiv(u32(x + pl), sw)));`;

/** Geometry of a convolution of x [N, C, H, W] with filters [O, C, KH, KW]. */
export function convGeometry(xShape: readonly number[], wShape: readonly number[], p: Conv2dParams): WindowGeometry {
  const [N, C, H, W] = xShape;
  const [O, , KH, KW] = wShape;
  return {
    N, C, H, W, O, KH, KW,
    OH: convOutSize(H, KH, p.strides[0], p.pads[0], p.pads[1], p.dilations[0]),
    OW: convOutSize(W, KW, p.strides[1], p.pads[2], p.pads[3], p.dilations[1]),
    sh: p.strides[0], sw: p.strides[1], pt: p.pads[0], pl: p.pads[2], dh: p.dilations[0], dw: p.dilations[1],
  };
}

/** Geometry of pooling x [N, C, H, W]. */
export function poolGeometry(xShape: readonly number[], p: Pool2dParams): WindowGeometry {
  const [N, C, H, W] = xShape;
  const [KH, KW] = p.kernel;
  return {
    N, C, H, W, O: C, KH, KW,
    OH: convOutSize(H, KH, p.strides[0], p.pads[0], p.pads[1]),
    OW: convOutSize(W, KW, p.strides[1], p.pads[2], p.pads[3]),
    sh: p.strides[0], sw: p.strides[1], pt: p.pads[0], pl: p.pads[2], dh: 1, dw: 1,
  };
}

/** Parameter block: `head` words (e.g. a thread count), then the geometry words, then `extra` words. */
export function geometryParams(head: number | readonly number[], g: WindowGeometry, ...extra: number[]): Uint32Array<ArrayBuffer> {
  return new ParamBlock()
    .u32(...(typeof head === 'number' ? [head] : head))
    .u32(g.N, g.C, g.H, g.W, g.O, g.KH, g.KW, g.OH, g.OW, g.sh, g.sw)
    .i32(g.pt, g.pl)
    .u32(g.dh, g.dw, ...extra)
    .toArray();
}
