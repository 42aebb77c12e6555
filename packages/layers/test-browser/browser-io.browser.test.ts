// Browser I/O in Chromium: fromPixels from every real DOM image source (ImageData, canvas,
// OffscreenCanvas, ImageBitmap, <img>, VideoFrame) against the bytes put in, toPixels back onto a
// canvas, and checkpoints in IndexedDB (round trip, one-transaction atomicity, checksum) and as
// downloads/uploads.
import '@nabla/autograd';
import '@nabla/backend-js';
import { Dense } from '@nabla/layers';
import { CheckpointError, encodeCheckpoint } from '@nabla/layers';
import {
  deleteCheckpointFromIndexedDB, downloadCheckpoint, listCheckpointsInIndexedDB, loadCheckpointFromFile,
  loadCheckpointFromIndexedDB, saveCheckpointToIndexedDB,
} from '@nabla/layers/browser';
import { Adam } from '@nabla/optim';
import { setBackend, tensor, type Tensor } from '@nabla/tensor-core';
import { fromPixels, toPixels, type PixelSource } from '@nabla/tensor-core/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';

beforeAll(async () => {
  await setBackend('js');
});

// a 5×3 opaque image whose byte at (y, x, c) is 12·(y·5 + x) + 30·c + 3 (alpha 255: canvases
// store premultiplied colour, so only opaque pixels survive drawing exactly)
const W = 5;
const H = 3;
const byte = (y: number, x: number, c: number): number => (c === 3 ? 255 : 12 * (y * W + x) + 30 * c + 3);
const rgba = Uint8ClampedArray.from({ length: W * H * 4 }, (_, i) => byte(Math.floor(i / 4 / W), Math.floor(i / 4) % W, i % 4));

function hwc(channels: number): number[][][] {
  return Array.from({ length: H }, (_, y) => Array.from({ length: W }, (_, x) => Array.from({ length: channels }, (_, c) => byte(y, x, c))));
}

function canvasWithImage(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  canvas.getContext('2d')?.putImageData(new ImageData(rgba.slice(), W, H), 0, 0);
  return canvas;
}

async function sources(): Promise<[string, PixelSource, () => void][]> {
  const imageData = new ImageData(rgba.slice(), W, H);
  const canvas = canvasWithImage();
  const offscreen = new OffscreenCanvas(W, H);
  offscreen.getContext('2d')?.putImageData(imageData, 0, 0);
  const bitmap = await createImageBitmap(imageData);
  const img = new Image();
  img.src = canvas.toDataURL('image/png');
  await img.decode();
  const frame = new VideoFrame(bitmap, { timestamp: 0 });
  return [
    ['ImageData', imageData, () => undefined],
    ['HTMLCanvasElement', canvas, () => undefined],
    ['OffscreenCanvas', offscreen, () => undefined],
    ['ImageBitmap', bitmap, () => bitmap.close()],
    ['HTMLImageElement (PNG)', img, () => undefined],
    ['VideoFrame', frame, () => frame.close()],
  ];
}

describe('fromPixels on real DOM sources', () => {
  it('reads every source kind to the bytes put in, in HWC and NCHW, int32 and float32', async () => {
    for (const [name, source, close] of await sources()) {
      try {
        expect(fromPixels(source, { channels: 4 }).arraySync(), name).toEqual(hwc(4));
        const nchw = fromPixels(source, { layout: 'NCHW', dtype: 'float32' });
        expect(nchw.shape, name).toEqual([1, 3, H, W]);
        const values = nchw.dataSync();
        for (let c = 0; c < 3; c++) {
          for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(values[(c * H + y) * W + x], name).toBeCloseTo(byte(y, x, c) / 255, 6);
        }
      } finally {
        close();
      }
    }
  });

  it('refuses an image that has not loaded and a closed VideoFrame', async () => {
    expect(() => fromPixels(new Image())).toThrow(/fromPixels: the image has not loaded yet/);
    const frame = new VideoFrame(await createImageBitmap(new ImageData(rgba.slice(), W, H)), { timestamp: 0 });
    frame.close();
    expect(() => fromPixels(frame)).toThrow(/fromPixels/);
  });
});

describe('toPixels onto a canvas', () => {
  it('draws an int32 HWC image and a float CHW image that read back as the same bytes', async () => {
    const canvas = document.createElement('canvas');
    const bytes = await toPixels(tensor(hwc(3), [H, W, 3], 'int32'), canvas);
    expect([canvas.width, canvas.height]).toEqual([W, H]);
    const drawn = canvas.getContext('2d')?.getImageData(0, 0, W, H).data;
    expect(Array.from(drawn ?? [])).toEqual(Array.from(rgba));
    expect(Array.from(bytes)).toEqual(Array.from(rgba));
    const chw = fromPixels(canvasWithImage(), { layout: 'CHW', dtype: 'float32' });
    const again = document.createElement('canvas');
    await toPixels(chw, again, { layout: 'CHW' });
    expect(Array.from(again.getContext('2d')?.getImageData(0, 0, W, H).data ?? [])).toEqual(Array.from(rgba));
  });

  it('refuses a canvas that already has a WebGL context', async () => {
    const canvas = document.createElement('canvas');
    canvas.getContext('webgl2');
    await expect(toPixels(tensor([[0.5]]), canvas)).rejects.toThrow(/toPixels: the canvas has no 2d context/);
  });
});

/** Every value of a state dict, by name. */
async function valuesOf(state: Record<string, Tensor>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(state)) out[name] = Array.from(await t.data(), Number);
  return out;
}

const DB = 'nabla-browser-io-test';

/** Writes straight into the checkpoint stores, as a broken or killed writer would. */
async function rawPut(store: 'checkpoint-manifests' | 'checkpoint-data', key: string, value: unknown, abort: boolean): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction([store], 'readwrite');
      tx.objectStore(store).put(value, key);
      tx.oncomplete = () => (abort ? reject(new Error('committed although aborted')) : resolve());
      tx.onabort = () => (abort ? resolve() : reject(tx.error));
      if (abort) tx.abort();
    });
  } finally {
    db.close();
  }
}

describe('checkpoints in IndexedDB', () => {
  afterAll(async () => {
    await new Promise((resolve) => { indexedDB.deleteDatabase(DB).onsuccess = resolve; });
  });

  it('saves a model with its Adam state and loads it back exactly; lists and deletes', async () => {
    const model = new Dense(3, 2);
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    model.forward(tensor([[1, 2, 3]])).square().sum().backward();
    optimizer.step();
    const info = await saveCheckpointToIndexedDB('dense', { model: model.stateDict(), optimizer: optimizer.stateDict(), metadata: { epoch: '4' } }, { database: DB });
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(info.tensors).toEqual(Object.keys(model.stateDict()));
    const loaded = await loadCheckpointFromIndexedDB('dense', { database: DB });
    expect(await valuesOf(loaded.model)).toEqual(await valuesOf(model.stateDict()));
    expect(loaded.metadata).toEqual({ epoch: '4' });
    expect(loaded.optimizer?.meta).toEqual(optimizer.stateDict().meta);
    const restored = new Dense(3, 2);
    restored.loadStateDict(loaded.model);
    expect(await valuesOf(restored.stateDict())).toEqual(await valuesOf(model.stateDict()));
    expect((await listCheckpointsInIndexedDB({ database: DB })).map((c) => [c.name, c.hasOptimizer, c.byteLength])).toEqual([['dense', true, info.byteLength]]);
    expect(await deleteCheckpointFromIndexedDB('dense', { database: DB })).toBe(true);
    expect(await deleteCheckpointFromIndexedDB('dense', { database: DB })).toBe(false);
    await expect(loadCheckpointFromIndexedDB('dense', { database: DB })).rejects.toThrow(/no checkpoint 'dense' in IndexedDB database/);
  });

  it('a save that fails or a writer killed mid-transaction leaves the previous checkpoint whole', async () => {
    const good = { w: tensor([1, 2, 3]) };
    await saveCheckpointToIndexedDB('keep', { model: good }, { database: DB });
    // a save that cannot be encoded fails before anything is written
    const disposed = tensor([9, 9]);
    disposed.dispose();
    await expect(saveCheckpointToIndexedDB('keep', { model: { w: disposed } }, { database: DB })).rejects.toThrow();
    // a writer that put new bytes and died before committing: its transaction aborts, nothing of it stays
    await rawPut('checkpoint-data', 'keep', (await encodeCheckpoint({ model: { w: tensor([7, 7, 7, 7]) } })).buffer, true);
    const loaded = await loadCheckpointFromIndexedDB('keep', { database: DB });
    expect(Array.from(await loaded.model.w?.data() ?? [])).toEqual([1, 2, 3]);
  });

  it('bytes that disagree with the manifest are refused (checksum, size, missing data)', async () => {
    await saveCheckpointToIndexedDB('tampered', { model: { w: tensor([1, 2, 3]) } }, { database: DB });
    const other = await encodeCheckpoint({ model: { w: tensor([1, 2, 4]) } });
    await rawPut('checkpoint-data', 'tampered', other.buffer, false);
    await expect(loadCheckpointFromIndexedDB('tampered', { database: DB })).rejects.toThrow(/'tampered' in IndexedDB database 'nabla-browser-io-test' is corrupted: SHA-256 [0-9a-f]{64} does not match/);
    await rawPut('checkpoint-data', 'tampered', other.buffer.slice(0, 10), false);
    await expect(loadCheckpointFromIndexedDB('tampered', { database: DB })).rejects.toThrow(/holds 10 bytes, but its manifest says/);
    await saveCheckpointToIndexedDB('orphan', { model: { w: tensor([1]) } }, { database: DB });
    await rawPut('checkpoint-data', 'orphan', 'not bytes', false);
    await expect(loadCheckpointFromIndexedDB('orphan', { database: DB })).rejects.toThrow(CheckpointError);
    await expect(saveCheckpointToIndexedDB('', { model: {} }, { database: DB })).rejects.toThrow(/non-empty string/);
  });
});

describe('checkpoints as downloads and uploads', () => {
  it('downloadCheckpoint clicks an <a download> whose Blob URL holds the checkpoint', async () => {
    const clicked: { href: string; download: string; bytes: Promise<ArrayBuffer> }[] = [];
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, bytes: fetch(this.href).then((r) => r.arrayBuffer()) });
    };
    try {
      const model = { w: tensor([[1, 2], [3, 4]]) };
      const blob = await downloadCheckpoint({ model, metadata: { note: 'hi' } }, 'm.safetensors');
      expect(clicked.map((c) => [c.href.startsWith('blob:'), c.download])).toEqual([[true, 'm.safetensors']]);
      const downloaded = new Uint8Array(await (clicked[0]?.bytes ?? Promise.reject(new Error('no click'))));
      expect(downloaded).toEqual(new Uint8Array(await blob.arrayBuffer()));
      expect(downloaded).toEqual(await encodeCheckpoint({ model, metadata: { note: 'hi' } }));
      expect(document.querySelectorAll('a[download]').length).toBe(0);
    } finally {
      HTMLAnchorElement.prototype.click = original;
    }
  });

  it('loadCheckpointFromFile reads the File an <input type="file"> hands over, and names a bad one', async () => {
    const input = document.createElement('input');
    input.type = 'file';
    document.body.append(input);
    try {
      const bytes = await encodeCheckpoint({ model: { w: tensor([5, 6]) } });
      await userEvent.upload(input, new File([bytes], 'upload.safetensors'));
      const file = input.files?.[0];
      expect(file?.name).toBe('upload.safetensors');
      const loaded = await loadCheckpointFromFile(file as File);
      expect(Array.from(await loaded.model.w?.data() ?? [])).toEqual([5, 6]);
      await expect(loadCheckpointFromFile(new File([bytes.slice(0, 20)], 'cut.safetensors'))).rejects.toThrow(/'cut\.safetensors' is not a valid checkpoint/);
    } finally {
      input.remove();
    }
  });
});
