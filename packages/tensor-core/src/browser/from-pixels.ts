/** Images to tensors: `fromPixels`, as `tf.browser.fromPixels` with the channels, layout and dtype explicit. */
import type { DType } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor.js';
import { checkLayout, layoutShape, pixelIndex, type PixelChannels, type PixelLayout } from './pixel-layout.js';
import { readRgba, type PixelSource } from './pixel-source.js';

/** Options of {@link fromPixels}. */
export interface FromPixelsOptions {
  /**
   * Channels kept: 3 (RGB, the default, as TensorFlow.js), 4 (RGBA, alpha as stored, not
   * premultiplied) or 1 (grey: the luma 0.299 R + 0.587 G + 0.114 B of ITU-R BT.601, as
   * PIL's `convert('L')` and torchvision's `Grayscale`; TensorFlow.js keeps the red channel instead).
   */
  readonly channels?: PixelChannels;
  /** Layout of the result (default `'HWC'`, TensorFlow.js's); `'NCHW'` feeds a Conv2d directly. */
  readonly layout?: PixelLayout;
  /**
   * `'int32'` (default, as TensorFlow.js): the raw bytes 0–255 (grey rounded to the nearest
   * integer). `'float32'`: scaled to [0, 1] (byte / 255), as torchvision's `ToTensor`.
   */
  readonly dtype?: 'int32' | 'float32';
}

const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * A tensor of an image's pixels on the current backend: `[H, W, C]` by default, or the layout
 * asked for (`[C, H, W]`, `[1, H, W, C]`, `[1, C, H, W]`). Reads `ImageData` (or any
 * `{ width, height, data }` of RGBA bytes, also in Node), and in a browser an `HTMLImageElement`
 * (loaded), `HTMLCanvasElement`, `OffscreenCanvas`, `ImageBitmap`, `HTMLVideoElement` (its current
 * frame) or `VideoFrame`, drawn through a 2-D canvas. Values are int32 0–255 by default, or
 * float32 in [0, 1] with `dtype: 'float32'`.
 *
 * @example
 * ```ts
 * import { fromPixels } from '@nabla/tensor-core/browser';
 *
 * const image = new ImageData(new Uint8ClampedArray([255, 0, 0, 255,  0, 0, 255, 255]), 2, 1);
 * const x = fromPixels(image, { dtype: 'float32', layout: 'NCHW' }); // [1, 3, 1, 2]
 * console.log(x.shape, x.arraySync()); // [1, 3, 1, 2] [[[[1, 0]], [[0, 0]], [[0, 1]]]]
 * ```
 */
export function fromPixels(source: PixelSource, options: FromPixelsOptions = {}): Tensor {
  const op = 'fromPixels';
  const channels = options.channels ?? 3;
  if (channels !== 1 && channels !== 3 && channels !== 4) throw new ArgumentError(op, `channels must be 1, 3 or 4, got ${String(channels)}`);
  const layout = checkLayout(options.layout ?? 'HWC', op);
  const dtype = options.dtype ?? 'int32';
  if (dtype !== 'int32' && dtype !== 'float32') throw new ArgumentError(op, `dtype must be 'int32' (raw 0-255) or 'float32' (scaled to [0, 1]), got ${String(dtype)}`);
  const { width, height, rgba } = readRgba(source, op);
  const size = width * height * channels;
  const values = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  const at = pixelIndex(layout, height, width, channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      if (channels === 1) {
        const luma = LUMA[0] * (rgba[p] ?? 0) + LUMA[1] * (rgba[p + 1] ?? 0) + LUMA[2] * (rgba[p + 2] ?? 0);
        values[at(y, x, 0)] = dtype === 'int32' ? Math.round(luma) : luma / 255;
      } else {
        for (let c = 0; c < channels; c++) values[at(y, x, c)] = dtype === 'int32' ? (rgba[p + c] ?? 0) : (rgba[p + c] ?? 0) / 255;
      }
    }
  }
  return tensor(values, layoutShape(layout, height, width, channels), dtype satisfies DType);
}
