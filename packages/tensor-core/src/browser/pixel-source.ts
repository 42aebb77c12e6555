/**
 * The image sources `fromPixels` reads — ImageData, HTMLImageElement, HTMLCanvasElement,
 * OffscreenCanvas, ImageBitmap, HTMLVideoElement and VideoFrame — named by the members read from
 * them, so the declarations compile without the DOM lib; and reading any of them as RGBA bytes.
 */
import { ArgumentError } from '../errors.js';

/** An `ImageData` (or any `{ width, height, data }` with 4 bytes per pixel, RGBA, row-major). */
export interface ImageDataLike {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** width × height × 4 bytes: R, G, B, A of each pixel, row by row from the top. */
  readonly data: Uint8ClampedArray | Uint8Array;
}

/** An `HTMLImageElement`: read at its natural size once loaded. */
export interface ImageElementLike {
  /** The image's own width in pixels (0 until it has loaded). */
  readonly naturalWidth: number;
  /** The image's own height in pixels. */
  readonly naturalHeight: number;
  /** Whether loading finished; reading an image that has not loaded throws ArgumentError. */
  readonly complete: boolean;
}

/** An `HTMLVideoElement`: the current frame, at the video's own size. */
export interface VideoElementLike {
  /** The video's own width in pixels. */
  readonly videoWidth: number;
  /** The video's own height in pixels. */
  readonly videoHeight: number;
  /** HTMLMediaElement readiness; below 2 (HAVE_CURRENT_DATA) there is no frame and reading throws ArgumentError. */
  readonly readyState: number;
}

/** A `VideoFrame` (WebCodecs): read at its display size. */
export interface VideoFrameLike {
  /** Width the frame is shown at, in pixels. */
  readonly displayWidth: number;
  /** Height the frame is shown at, in pixels. */
  readonly displayHeight: number;
  /** Pixel format (e.g. `'I420'`); null once the frame is closed (reading a closed frame throws ArgumentError). */
  readonly format: string | null;
  /** Releases the frame; fromPixels leaves that to the caller. */
  close(): void;
}

/** An `HTMLCanvasElement` or `OffscreenCanvas`. */
export interface CanvasLike {
  /** Width in pixels (toPixels sets it to the image's width). */
  width: number;
  /** Height in pixels (toPixels sets it to the image's height). */
  height: number;
  /** The canvas's 2D context, used to read or write its pixels. */
  getContext(contextId: '2d', options?: { willReadFrequently?: boolean }): unknown;
}

/** An `ImageBitmap`. */
export interface ImageBitmapLike {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** Releases the bitmap; fromPixels leaves that to the caller. */
  close(): void;
}

/** Everything `fromPixels` accepts. */
export type PixelSource = ImageDataLike | ImageElementLike | VideoElementLike | VideoFrameLike | CanvasLike | ImageBitmapLike;

/** The parts of a `CanvasRenderingContext2D` / `OffscreenCanvasRenderingContext2D` used here. */
export interface Context2dLike {
  drawImage(image: unknown, dx: number, dy: number): void;
  getImageData(sx: number, sy: number, sw: number, sh: number): ImageDataLike;
  putImageData(imageData: unknown, dx: number, dy: number): void;
  createImageData(width: number, height: number): ImageDataLike;
}

/** RGBA bytes of an image, row-major, 4 per pixel. */
export interface RgbaPixels {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray | Uint8Array;
}

type Kind = 'imagedata' | 'image' | 'video' | 'videoframe' | 'canvas' | 'bitmap';

function has(source: object, key: string): boolean {
  return key in source;
}

/** Which kind of source this is, by the members it has. */
function kindOf(source: unknown, op: string): Kind {
  if (typeof source !== 'object' || source === null) {
    throw new ArgumentError(op, `expected ImageData, an image, canvas, OffscreenCanvas, ImageBitmap, video or VideoFrame, got ${source === null ? 'null' : typeof source}`);
  }
  if (has(source, 'data') && has(source, 'width') && has(source, 'height')) return 'imagedata';
  if (has(source, 'displayWidth') && has(source, 'format')) return 'videoframe';
  if (has(source, 'naturalWidth')) return 'image';
  if (has(source, 'videoWidth')) return 'video';
  if (has(source, 'getContext')) return 'canvas';
  if (has(source, 'width') && has(source, 'height') && has(source, 'close')) return 'bitmap';
  const name = (source as { constructor?: { name?: string } }).constructor?.name ?? 'object';
  throw new ArgumentError(op, `cannot read pixels from ${name}: expected ImageData, an image, canvas, OffscreenCanvas, ImageBitmap, video or VideoFrame`);
}

/** The pixel size of a source, and whether it has any pixels to read yet. */
function sizeOf(source: PixelSource, kind: Kind, op: string): { width: number; height: number } {
  switch (kind) {
    case 'image': {
      const image = source as ImageElementLike;
      if (!image.complete || image.naturalWidth === 0) throw new ArgumentError(op, 'the image has not loaded yet (await image.decode() or its load event first)');
      return { width: image.naturalWidth, height: image.naturalHeight };
    }
    case 'video': {
      const video = source as VideoElementLike;
      // HAVE_CURRENT_DATA = 2: a frame is available
      if (video.readyState < 2) throw new ArgumentError(op, 'the video has no current frame yet (wait for its loadeddata event)');
      return { width: video.videoWidth, height: video.videoHeight };
    }
    case 'videoframe': {
      const frame = source as VideoFrameLike;
      if (frame.format === null && frame.displayWidth === 0) throw new ArgumentError(op, 'the VideoFrame is closed');
      return { width: frame.displayWidth, height: frame.displayHeight };
    }
    case 'imagedata':
    case 'canvas':
    case 'bitmap': {
      const sized = source as { width: number; height: number };
      return { width: sized.width, height: sized.height };
    }
  }
}

/** A 2-D canvas context of `width × height` to draw into: OffscreenCanvas where there is one, else a document canvas. */
export function scratchContext(width: number, height: number, op: string): Context2dLike {
  const scope = globalThis as { OffscreenCanvas?: new (w: number, h: number) => CanvasLike; document?: { createElement(tag: 'canvas'): CanvasLike } };
  let canvas: CanvasLike;
  if (scope.OffscreenCanvas) canvas = new scope.OffscreenCanvas(width, height);
  else if (scope.document) {
    canvas = scope.document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
  } else throw new ArgumentError(op, 'needs OffscreenCanvas or a document to draw this source into; outside a browser pass ImageData-like { width, height, data }');
  return context2d(canvas, op);
}

/** The canvas's 2-D context, or a typed error if it has another kind of context. */
export function context2d(canvas: CanvasLike, op: string): Context2dLike {
  const context = canvas.getContext('2d', { willReadFrequently: true }) as Context2dLike | null;
  if (!context) throw new ArgumentError(op, 'the canvas has no 2d context (it already has a webgl/webgpu/bitmaprenderer context)');
  return context;
}

/** The RGBA bytes of any pixel source (drawn into a scratch canvas unless it is ImageData already). */
export function readRgba(source: PixelSource, op: string): RgbaPixels {
  const kind = kindOf(source, op);
  const { width, height } = sizeOf(source, kind, op);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new ArgumentError(op, `the source has an invalid size ${String(width)}×${String(height)}`);
  }
  if (kind === 'imagedata') {
    const { data } = source as ImageDataLike;
    if (!(data instanceof Uint8ClampedArray || data instanceof Uint8Array)) throw new ArgumentError(op, 'ImageData-like data must be a Uint8ClampedArray or Uint8Array');
    if (data.length !== width * height * 4) {
      throw new ArgumentError(op, `ImageData-like data has ${data.length} bytes, but ${width}×${height} RGBA pixels need ${width * height * 4}`);
    }
    return { width, height, rgba: data };
  }
  if (width === 0 || height === 0) return { width, height, rgba: new Uint8ClampedArray(0) };
  const context = scratchContext(width, height, op);
  try {
    context.drawImage(source, 0, 0);
  } catch (err) {
    throw new ArgumentError(op, `could not draw the ${kind} (${err instanceof Error ? err.message : String(err)})`);
  }
  let image: ImageDataLike;
  try {
    image = context.getImageData(0, 0, width, height);
  } catch (err) {
    // a cross-origin image without CORS taints the canvas: SecurityError
    throw new ArgumentError(op, `could not read the ${kind}'s pixels (${err instanceof Error ? err.message : String(err)}); a cross-origin image needs crossOrigin='anonymous' and CORS headers`);
  }
  return { width, height, rgba: image.data };
}
