import type { WindowGeometry } from '@nabla/tensor-core/kernel-kit';
import { ParamBlock } from '../runtime/params.js';

/**
 * WGSL reading the 15 geometry words of {@link geometryParams} stored from `p[base]` into named
 * `let`s (u32, padding i32): N, C, H, W, O, KH, KW, OH, OW, sh, sw, pt, pl, dh, dw. For pooling
 * O = C and the "filter" is the pooling window.
 */
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

/** Parameter block: `head` words (e.g. a thread count), then the geometry words, then `extra` words. */
export function geometryParams(head: number | readonly number[], g: WindowGeometry, ...extra: number[]): Uint32Array<ArrayBuffer> {
  return new ParamBlock()
    .u32(...(typeof head === 'number' ? [head] : head))
    .u32(g.batch, g.channels, g.inHeight, g.inWidth, g.outChannels, g.kernelHeight, g.kernelWidth, g.outHeight, g.outWidth, g.strideH, g.strideW)
    .i32(g.padTop, g.padLeft)
    .u32(g.dilationH, g.dilationW, ...extra)
    .toArray();
}
