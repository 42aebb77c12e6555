// The browser I/O subpaths under Node: pixel conversion from ImageData-like objects against loops
// written here, TensorFlow.js's value rules for toPixels, and typed errors where a browser is needed.
// (Pixels live in @nabla/tensor-core/browser; they are tested here because tensor-core's own tests
// have no backend to create tensors on.) The same functions run on real DOM objects in
// test-browser/browser-io.browser.test.ts.
import '@nabla/backend-js';
import { ArgumentError, ShapeError, setBackend, tensor } from '@nabla/tensor-core';
import { fromPixels, toImageData, toPixels, type PixelLayout } from '@nabla/tensor-core/browser';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkpointBlob, downloadCheckpoint, loadCheckpointFromFile, loadCheckpointFromIndexedDB, saveCheckpointToIndexedDB,
} from '@nabla/layers/browser';
import { encodeCheckpoint } from '@nabla/layers';
import { CheckpointError } from '../src/checkpoint/index.js';

beforeAll(async () => {
  await setBackend('js');
});

/** A 3×2 image whose byte at (y, x, c) is 10·(y·2 + x) + c + 1 — every value distinct. */
const W = 2;
const H = 3;
const rgba = Uint8ClampedArray.from({ length: W * H * 4 }, (_, i) => 10 * Math.floor(i / 4) + (i % 4) + 1);
const image = { width: W, height: H, data: rgba };
const byte = (y: number, x: number, c: number): number => 10 * (y * W + x) + c + 1;

/** The expected nested array for `layout`, built by independent loops. */
function expected(layout: PixelLayout, channels: number, value: (y: number, x: number, c: number) => number): unknown {
  const hwc = Array.from({ length: H }, (_, y) => Array.from({ length: W }, (_, x) => Array.from({ length: channels }, (_, c) => value(y, x, c))));
  const chw = Array.from({ length: channels }, (_, c) => Array.from({ length: H }, (_, y) => Array.from({ length: W }, (_, x) => value(y, x, c))));
  return { HWC: hwc, CHW: chw, NHWC: [hwc], NCHW: [chw] }[layout];
}

describe('fromPixels on ImageData-like objects', () => {
  it.each(['HWC', 'CHW', 'NHWC', 'NCHW'] as const)('%s, 3 and 4 channels, int32 raw', (layout) => {
    for (const channels of [3, 4] as const) {
      const t = fromPixels(image, { layout, channels });
      expect(t.dtype).toBe('int32');
      expect(t.arraySync()).toEqual(expected(layout, channels, byte));
    }
  });

  it('defaults to [H, W, 3] int32 like tf.browser.fromPixels', () => {
    const t = fromPixels(image);
    expect(t.shape).toEqual([H, W, 3]);
    expect(t.dtype).toBe('int32');
  });

  it('float32 scales bytes to [0, 1]', () => {
    const t = fromPixels(image, { dtype: 'float32', layout: 'NCHW' });
    expect(t.shape).toEqual([1, 3, H, W]);
    const want = expected('NCHW', 3, (y, x, c) => byte(y, x, c) / 255) as number[][][][];
    const got = t.arraySync() as number[][][][];
    for (let c = 0; c < 3; c++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(got[0]?.[c]?.[y]?.[x]).toBeCloseTo(want[0]?.[c]?.[y]?.[x] ?? NaN, 6);
  });

  it('one channel is the BT.601 luma', () => {
    const luma = (y: number, x: number): number => 0.299 * byte(y, x, 0) + 0.587 * byte(y, x, 1) + 0.114 * byte(y, x, 2);
    expect(fromPixels(image, { channels: 1 }).arraySync()).toEqual(expected('HWC', 1, (y, x) => Math.round(luma(y, x))));
    const f = fromPixels(image, { channels: 1, dtype: 'float32', layout: 'CHW' }).dataSync();
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(f[y * W + x]).toBeCloseTo(luma(y, x) / 255, 6);
  });

  it('refuses bad sources and options with typed errors', () => {
    expect(() => fromPixels({ width: 2, height: 2, data: new Uint8ClampedArray(15) })).toThrow(/fromPixels: ImageData-like data has 15 bytes, but 2×2 RGBA pixels need 16/);
    expect(() => fromPixels(image, { channels: 2 as 3 })).toThrow(ArgumentError);
    expect(() => fromPixels(image, { layout: 'WHC' as 'HWC' })).toThrow(/layout must be one of HWC, CHW, NHWC, NCHW/);
    expect(() => fromPixels(image, { dtype: 'bool' as 'int32' })).toThrow(ArgumentError);
    expect(() => fromPixels(null as unknown as typeof image)).toThrow(/fromPixels: expected ImageData/);
    expect(() => fromPixels({ naturalWidth: 0, naturalHeight: 0, complete: false })).toThrow(/has not loaded yet/);
    expect(() => fromPixels({ width: 1, height: 1, getContext: () => null })).toThrow(/needs OffscreenCanvas or a document/);
  });
});

describe('toPixels (TensorFlow.js rules) in Node', () => {
  it('float [0, 1] scales by 255 and rounds; grey fills R, G, B; alpha 255 without a 4th channel', async () => {
    const bytes = await toPixels(tensor([[0, 0.5, 1]]));
    expect(Array.from(bytes)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
  });

  it('int32 [0, 255] is taken as it is, in every layout', async () => {
    const hwc = fromPixels(image, { channels: 4 });
    expect(Array.from(await toPixels(hwc))).toEqual(Array.from(rgba));
    for (const layout of ['CHW', 'NHWC', 'NCHW'] as const) {
      expect(Array.from(await toPixels(fromPixels(image, { channels: 4, layout }), undefined, { layout }))).toEqual(Array.from(rgba));
    }
  });

  it('float32 from fromPixels round-trips to the same bytes', async () => {
    expect(Array.from(await toPixels(fromPixels(image, { channels: 4, dtype: 'float32' })))).toEqual(Array.from(rgba));
  });

  it('out-of-range values throw, naming the value; clamp: true clamps (NaN → 0)', async () => {
    await expect(toPixels(tensor([[1.5]]))).rejects.toThrow(/toPixels: float32 \[1,1\] value 1\.5 at pixel \(y=0, x=0, channel 0\) is outside \[0, 1\]/);
    await expect(toPixels(tensor([[256]], [1, 1], 'int32'))).rejects.toThrow(/outside \[0, 255\] for int32/);
    await expect(toPixels(tensor([[Number.NaN]]))).rejects.toThrow(ArgumentError);
    const clamped = await toPixels(tensor([[[-1, 2, Number.NaN]]]), undefined, { clamp: true });
    expect(Array.from(clamped)).toEqual([0, 255, 0, 255]);
  });

  it('refuses shapes that are not images and dtypes it cannot draw', async () => {
    await expect(toPixels(tensor([1, 2, 3]))).rejects.toThrow(ShapeError);
    await expect(toPixels(tensor([[[1, 2]]]))).rejects.toThrow(/1, 3 or 4 channels, but \[1,1,2\] in layout HWC has 2/);
    await expect(toPixels(tensor([[[[0]]], [[[0]]]]), undefined, { layout: 'NCHW' })).rejects.toThrow(/batch of one image/);
    await expect(toPixels([[0]] as never)).rejects.toThrow(/toPixels: expected a Tensor/);
  });

  it('toImageData gives { width, height, data } outside a browser', async () => {
    const out = await toImageData(tensor([[[255, 0, 0], [0, 255, 0]]], [1, 2, 3], 'int32'));
    expect([out.width, out.height]).toEqual([2, 1]);
    expect(Array.from(out.data)).toEqual([255, 0, 0, 255, 0, 255, 0, 255]);
  });
});

describe('browser checkpoints under Node', () => {
  it('IndexedDB and downloads say they need a browser; uploads validate like file loads', async () => {
    const model = { w: tensor([1, 2, 3]) };
    await expect(saveCheckpointToIndexedDB('m', { model })).rejects.toThrow(/saveCheckpointToIndexedDB: IndexedDB is not available here/);
    await expect(loadCheckpointFromIndexedDB('m')).rejects.toThrow(CheckpointError);
    await expect(downloadCheckpoint({ model })).rejects.toThrow(/downloadCheckpoint: needs a browser page/);
    // Node has Blob and File: the upload path works here as in a page
    const blob = await checkpointBlob({ model, metadata: { step: '7' } });
    const loaded = await loadCheckpointFromFile(new File([await blob.arrayBuffer()], 'm.safetensors'));
    expect(Array.from(loaded.model.w?.dataSync() ?? [])).toEqual([1, 2, 3]);
    expect(loaded.metadata).toEqual({ step: '7' });
    const bytes = await encodeCheckpoint({ model });
    await expect(loadCheckpointFromFile(new File([bytes.slice(0, bytes.length - 4)], 'cut.safetensors'))).rejects.toThrow(/loadCheckpointFromFile: 'cut\.safetensors' is not a valid checkpoint/);
  });
});
