/**
 * `@nabla/tensor-core/browser`: images to tensors and back (`fromPixels`, `toPixels`,
 * `toImageData`). Safe to import anywhere: DOM objects are touched only when a function is
 * called, and the declarations name no DOM types.
 */
export { fromPixels, type FromPixelsOptions } from './from-pixels.js';
export { toPixels, toImageData, type ToPixelsOptions } from './to-pixels.js';
export { PIXEL_LAYOUTS, type PixelLayout, type PixelChannels } from './pixel-layout.js';
export type {
  PixelSource, ImageDataLike, ImageElementLike, VideoElementLike, VideoFrameLike, CanvasLike, ImageBitmapLike,
} from './pixel-source.js';
