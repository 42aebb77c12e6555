import { describe, expect, it } from 'vitest';
import { DataSourceError } from '../src/index.js';
import { DEBIAN_FASHION_MNIST_DIR, hasDebianFashionMnist, loadFashionMnist } from '../src/node.js';

const present = hasDebianFashionMnist();
if (!present) {
  if (process.env.CI) throw new Error(`Fashion-MNIST is required in CI but ${DEBIAN_FASHION_MNIST_DIR} is missing (apt-get install dataset-fashion-mnist)`);
  console.warn(`skipping Fashion-MNIST tests: ${DEBIAN_FASHION_MNIST_DIR} is missing (apt-get install dataset-fashion-mnist)`);
}

describe.skipIf(!present)('loadFashionMnist (Debian dataset-fashion-mnist)', () => {
  it('loads 60,000 / 10,000 balanced samples with class names', async () => {
    const data = await loadFashionMnist({ scale: 'raw', layout: 'image' });
    expect(data.train.images.shape).toEqual([60000, 1, 28, 28]);
    expect(data.test.images.shape).toEqual([10000, 1, 28, 28]);
    expect(data.classNames).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
    const train = new Array<number>(10).fill(0);
    for (const l of data.train.labels.data) train[l]++;
    expect(train).toEqual(new Array(10).fill(6000));
    const test = new Array<number>(10).fill(0);
    for (const l of data.test.labels.data) test[l]++;
    expect(test).toEqual(new Array(10).fill(1000));
    // First test labels published with the dataset: ankle boot, pullover, trouser, trouser, shirt.
    expect(Array.from(data.test.labels.data.subarray(0, 5))).toEqual([9, 2, 1, 1, 6]);
    expect(data.train.images.data.every((v) => v >= 0 && v <= 255)).toBe(true);
  }, 60_000);
});

describe('loadFashionMnist errors', () => {
  it('explains a missing directory', async () => {
    await expect(loadFashionMnist({ dir: '/nonexistent/fashion' })).rejects.toThrow(DataSourceError);
  });
});
