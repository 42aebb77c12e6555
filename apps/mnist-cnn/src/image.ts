/**
 * Reading a PNG and turning it into an MNIST-like 28×28 digit: grayscale, white digit on black,
 * the digit's bounding box scaled to fit 20×20 (keeping aspect), then centred by centre of mass
 * in a 28×28 field — the preprocessing described for the original MNIST.
 */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { UserError } from '@nabla/cli-kit';

/** A grayscale image with values in [0, 1]. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Float32Array;
}

/** Decode a PNG file to grayscale (alpha composited over white). */
export function readPng(path: string): GrayImage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new UserError(`cannot read '${path}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (err) {
    throw new UserError(`'${path}' is not a readable PNG image (${err instanceof Error ? err.message : String(err)})`);
  }
  const { width, height, data } = png;
  const pixels = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const r = data[4 * i], g = data[4 * i + 1], b = data[4 * i + 2], a = data[4 * i + 3] / 255;
    const luminance = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    pixels[i] = luminance * a + (1 - a);
  }
  return { width, height, pixels };
}

/** Encode a grayscale image (values in [0, 1]) as PNG bytes. */
export function encodePng(image: GrayImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  for (let i = 0; i < image.width * image.height; i++) {
    const v = Math.max(0, Math.min(255, Math.round(image.pixels[i] * 255)));
    png.data[4 * i] = v;
    png.data[4 * i + 1] = v;
    png.data[4 * i + 2] = v;
    png.data[4 * i + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** Bilinear resample to w×h (area-averaging when shrinking a lot). */
function resize(src: GrayImage, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  const sx = src.width / w;
  const sy = src.height / h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // average the source box covered by this output pixel
      const x0 = x * sx, x1 = (x + 1) * sx, y0 = y * sy, y1 = (y + 1) * sy;
      let sum = 0, area = 0;
      for (let yy = Math.floor(y0); yy < Math.ceil(y1); yy++) {
        const wy = Math.min(y1, yy + 1) - Math.max(y0, yy);
        for (let xx = Math.floor(x0); xx < Math.ceil(x1); xx++) {
          const wx = Math.min(x1, xx + 1) - Math.max(x0, xx);
          const weight = wx * wy;
          sum += weight * src.pixels[Math.min(src.height - 1, yy) * src.width + Math.min(src.width - 1, xx)];
          area += weight;
        }
      }
      out[y * w + x] = area > 0 ? sum / area : 0;
    }
  }
  return out;
}

/**
 * How each data set's images were made. MNIST: the digit's box scaled to fit 20×20, centred by
 * centre of mass in 28×28. Fashion-MNIST (Xiao et al. 2017): the product trimmed, its longest
 * edge scaled to 28, centred by its box. Both light on dark.
 */
export const PREPROCESSING = { mnist: { box: 20, centre: 'mass' }, fashion: { box: 28, centre: 'box' } } as const;

/** MNIST-style 28×28 input (white digit on black, values in [0, 1]). */
export function toMnistDigit(image: GrayImage): Float32Array {
  return toDatasetImage(image, PREPROCESSING.mnist);
}

/** A 28×28 input prepared the way `preprocessing` says its data set was (light object on black, values in [0, 1]). */
export function toDatasetImage(image: GrayImage, preprocessing: { readonly box: number; readonly centre: 'mass' | 'box' }): Float32Array {
  const { width, height } = image;
  // MNIST digits are light on dark: invert images whose border is mostly light
  let border = 0, count = 0;
  for (let x = 0; x < width; x++) { border += image.pixels[x] + image.pixels[(height - 1) * width + x]; count += 2; }
  for (let y = 0; y < height; y++) { border += image.pixels[y * width] + image.pixels[y * width + width - 1]; count += 2; }
  const invert = border / count > 0.5;
  const ink = image.pixels.map((v) => (invert ? 1 - v : v));
  let minX = width, minY = height, maxX = -1, maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > 0.1) {
        minX = Math.min(minX, x); maxX = Math.max(maxX, x);
        minY = Math.min(minY, y); maxY = Math.max(maxY, y);
      }
    }
  }
  const out = new Float32Array(28 * 28);
  if (maxX < 0) return out; // blank image
  const boxW = maxX - minX + 1, boxH = maxY - minY + 1;
  const crop = new Float32Array(boxW * boxH);
  for (let y = 0; y < boxH; y++) for (let x = 0; x < boxW; x++) crop[y * boxW + x] = ink[(minY + y) * width + minX + x];
  const scale = preprocessing.box / Math.max(boxW, boxH);
  const w = Math.max(1, Math.round(boxW * scale)), h = Math.max(1, Math.round(boxH * scale));
  const small = resize({ width: boxW, height: boxH, pixels: crop }, w, h);
  let mass = 0, cx = 0, cy = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const v = small[y * w + x]; mass += v; cx += v * x; cy += v * y; }
  const byMass = preprocessing.centre === 'mass' && mass > 0;
  const offX = Math.round(14 - (byMass ? cx / mass : w / 2) - (byMass ? 0.5 : 0));
  const offY = Math.round(14 - (byMass ? cy / mass : h / 2) - (byMass ? 0.5 : 0));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const tx = x + Math.min(28 - w, Math.max(0, offX)), ty = y + Math.min(28 - h, Math.max(0, offY));
      out[ty * 28 + tx] = Math.min(1, Math.max(0, small[y * w + x]));
    }
  }
  return out;
}
