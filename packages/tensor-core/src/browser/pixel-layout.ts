/** How an image's pixels are laid out in a tensor: channels last or first, with or without a batch axis. */
import { ArgumentError } from '../errors.js';

/**
 * `'HWC'` → `[H, W, C]` (TensorFlow.js), `'CHW'` → `[C, H, W]`, `'NHWC'` → `[1, H, W, C]`,
 * `'NCHW'` → `[1, C, H, W]` (PyTorch, Nabla's Conv2d).
 */
export type PixelLayout = 'HWC' | 'CHW' | 'NHWC' | 'NCHW';

/** Channels kept from an image: 1 (grey), 3 (RGB) or 4 (RGBA). */
export type PixelChannels = 1 | 3 | 4;

/** Every layout, in the order error messages list them. */
export const PIXEL_LAYOUTS: readonly PixelLayout[] = ['HWC', 'CHW', 'NHWC', 'NCHW'];

/** Throws unless `layout` is one of {@link PIXEL_LAYOUTS}. */
export function checkLayout(layout: unknown, op: string): PixelLayout {
  if (!PIXEL_LAYOUTS.includes(layout as PixelLayout)) throw new ArgumentError(op, `layout must be one of ${PIXEL_LAYOUTS.join(', ')}, got ${String(layout)}`);
  return layout as PixelLayout;
}

/** True for the channels-first layouts. */
export function channelsFirst(layout: PixelLayout): boolean {
  return layout === 'CHW' || layout === 'NCHW';
}

/** True for the layouts with a leading batch axis of 1. */
export function batched(layout: PixelLayout): boolean {
  return layout === 'NHWC' || layout === 'NCHW';
}

/** The tensor shape of an image of `height × width × channels` in `layout`. */
export function layoutShape(layout: PixelLayout, height: number, width: number, channels: number): number[] {
  const image = channelsFirst(layout) ? [channels, height, width] : [height, width, channels];
  return batched(layout) ? [1, ...image] : image;
}

/** Index into a tensor's flat data of (y, x, channel c) in `layout`. */
export function pixelIndex(layout: PixelLayout, height: number, width: number, channels: number): (y: number, x: number, c: number) => number {
  if (channelsFirst(layout)) return (y, x, c) => (c * height + y) * width + x;
  return (y, x, c) => (y * width + x) * channels + c;
}
