/** Tensors to images: `toPixels`, with TensorFlow.js's value rules (float in [0, 1], integers in [0, 255]). */
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from '../arguments.js';
import { batched, channelsFirst, checkLayout, pixelIndex, type PixelLayout } from './pixel-layout.js';
import { context2d, type CanvasLike, type ImageDataLike } from './pixel-source.js';

/** Options of {@link toPixels}. */
export interface ToPixelsOptions {
  /**
   * How the tensor is laid out (default `'HWC'`): `'HWC'` takes `[H, W]` (grey) or `[H, W, C]`,
   * `'CHW'` takes `[C, H, W]`, and the batched `'NHWC'` / `'NCHW'` a batch of one image.
   */
  readonly layout?: PixelLayout;
  /**
   * Out-of-range values: `false` (default, as TensorFlow.js) throws an ArgumentError naming the
   * first one; `true` clamps float values to [0, 1] and integers to [0, 255] (NaN becomes 0).
   */
  readonly clamp?: boolean;
}

/** The image dimensions of a tensor in `layout`: height, width, channels (1, 3 or 4). */
function imageDims(t: Tensor, layout: PixelLayout, op: string): { height: number; width: number; channels: number } {
  let shape = [...t.shape];
  if (batched(layout)) {
    if (shape.length !== 4 || shape[0] !== 1) throw new ShapeError(op, `layout ${layout} takes a batch of one image [1, ...], got ${fmtShape(t.shape)}`);
    shape = shape.slice(1);
  }
  if (shape.length === 2 && !batched(layout)) shape = channelsFirst(layout) ? [1, ...shape] : [...shape, 1];
  if (shape.length !== 3) throw new ShapeError(op, `expected a ${layout} image of rank ${batched(layout) ? 4 : '2 or 3'}, got ${fmtShape(t.shape)}`);
  const [a = 0, b = 0, c = 0] = shape;
  const dims = channelsFirst(layout) ? { channels: a, height: b, width: c } : { height: a, width: b, channels: c };
  if (dims.channels !== 1 && dims.channels !== 3 && dims.channels !== 4) {
    throw new ShapeError(op, `an image has 1, 3 or 4 channels, but ${fmtShape(t.shape)} in layout ${layout} has ${dims.channels}`);
  }
  return dims;
}

/**
 * The RGBA bytes of an image tensor (`[H, W]`, `[H, W, C]`, or the layout asked for; C = 1, 3
 * or 4), drawn onto `canvas` when one is given (resized to the image). As in TensorFlow.js,
 * float32/float64 values must lie in [0, 1] and are scaled by 255 and rounded; int32 and bool
 * values must lie in [0, 255] and are taken as they are; out-of-range values throw unless
 * `clamp: true`. One channel is grey (copied to R, G and B); without a fourth channel alpha is 255.
 *
 * @example
 * ```ts
 * import { tensor } from '@nabla/tensor-core';
 * import { toPixels } from '@nabla/tensor-core/browser';
 *
 * const canvas = document.createElement('canvas');
 * const bytes = await toPixels(tensor([[0, 0.5, 1]]), canvas); // a 3×1 grey ramp
 * console.log(Array.from(bytes)); // [0,0,0,255, 128,128,128,255, 255,255,255,255]
 * ```
 */
export async function toPixels(image: Tensor, canvas?: CanvasLike, options: ToPixelsOptions = {}): Promise<Uint8ClampedArray<ArrayBuffer>> {
  const op = 'toPixels';
  assertTensor(op, image, 'image');
  const layout = checkLayout(options.layout ?? 'HWC', op);
  const { height, width, channels } = imageDims(image, layout, op);
  const integer = image.dtype === 'int32' || image.dtype === 'bool';
  if (!integer && image.dtype !== 'float32' && image.dtype !== 'float64') throw new DTypeError(op, `cannot draw a ${String(image.dtype)} tensor`);
  const scale = integer ? 1 : 255;
  const values = await image.data();
  const at = pixelIndex(layout, height, width, channels);
  const bytes = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const rgba = [0, 0, 0, 255];
      for (let c = 0; c < channels; c++) {
        let v = Number(values[at(y, x, c)]);
        if (!(v >= 0 && v <= (integer ? 255 : 1))) {
          if (!options.clamp) {
            const range = integer ? '[0, 255] for int32' : '[0, 1] for float';
            throw new ArgumentError(op, `${image.dtype} ${fmtShape(image.shape)} value ${v} at pixel (y=${y}, x=${x}, channel ${c}) is outside ${range}; pass { clamp: true } to clamp`);
          }
          v = Number.isNaN(v) ? 0 : Math.min(Math.max(v, 0), integer ? 255 : 1);
        }
        const byte = Math.round(v * scale);
        if (channels === 1) rgba[0] = rgba[1] = rgba[2] = byte;
        else rgba[c] = byte;
      }
      bytes.set(rgba, (y * width + x) * 4);
    }
  }
  if (canvas) drawBytes(canvas, bytes, width, height, op);
  return bytes;
}

/** Resize `canvas` to the image and put the bytes on it. */
function drawBytes(canvas: CanvasLike, bytes: Uint8ClampedArray, width: number, height: number, op: string): void {
  canvas.width = width;
  canvas.height = height;
  if (width === 0 || height === 0) return;
  const context = context2d(canvas, op);
  const imageData = context.createImageData(width, height);
  (imageData.data as Uint8ClampedArray).set(bytes);
  context.putImageData(imageData, 0, 0);
}

/**
 * The image tensor as a new `ImageData` (in Node, a plain `{ width, height, data }`), by the rules of {@link toPixels}.
 *
 * @example
 * ```ts
 * import { tensor } from '@nabla/tensor-core';
 * import { toImageData } from '@nabla/tensor-core/browser';
 *
 * const imageData = await toImageData(tensor([[[255, 0, 0], [0, 255, 0]]], [1, 2, 3], 'int32'));
 * console.log(imageData.width, imageData.height); // 2 1
 * ```
 */
export async function toImageData(image: Tensor, options: ToPixelsOptions = {}): Promise<ImageDataLike> {
  const op = 'toImageData';
  const bytes = await toPixels(image, undefined, options);
  const { height, width } = imageDims(image, checkLayout(options.layout ?? 'HWC', op), op);
  const scope = globalThis as { ImageData?: new (data: Uint8ClampedArray, width: number, height: number) => ImageDataLike };
  // outside a browser (or for an empty image, which ImageData refuses) the same fields as a plain object
  if (!scope.ImageData || width === 0 || height === 0) return { width, height, data: bytes };
  return new scope.ImageData(bytes, width, height);
}
