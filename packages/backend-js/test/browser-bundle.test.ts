/**
 * Browser bundlers must bundle the package as published: no `node:` import anywhere on its path
 * (webpack 5 and `esbuild --platform=browser` refuse those). This bundles the built package for the
 * browser platform with no externals (see @nabla/test-kit/browser-bundle); the bundle, run under
 * Node, multiplies on two threads.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowserBundle } from '@nabla/test-kit/browser-bundle';
import { expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

it('bundles for the browser platform with no externals, and the bundle computes on two threads', async () => {
  const entry = `
import { tensor, setBackend } from '@nabla/tensor-core';
import { JsBackend } from '@nabla/backend-js';
export async function run() {
  const backend = await setBackend('js');
  const threads = await new JsBackend({ numThreads: 2 }).threadsReady();
  const product = await tensor([[1, 2], [3, 4]]).matmul(tensor([[5], [6]])).data();
  return { backend: backend.name, threads, product: Array.from(product) };
}
`;
  const result = await runBrowserBundle({ packageDir, entry, builtFrom: ['dist/', '../tensor-core/dist/'] });
  // [[1,2],[3,4]]·[[5],[6]] = [[1·5+2·6],[3·5+4·6]]
  expect(result).toEqual({ backend: 'js', threads: 2, product: [17, 39] });
}, 60_000); // bundling, compiling the kernels and starting worker threads take well over 5 s on a loaded machine
