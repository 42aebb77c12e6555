/**
 * Browser bundlers must bundle the package as published: no `node:` import anywhere on its path
 * (webpack 5 and `esbuild --platform=browser` refuse those). This bundles the built package for the
 * browser platform with no externals (see @nabla/test-kit/browser-bundle); the bundle, run under
 * Node, computes and starts two kernel threads.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowserBundle } from '@nabla/test-kit/browser-bundle';
import { expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

it('bundles for the browser platform with no externals, and the bundle computes and starts two kernel threads', async () => {
  const entry = `
import { tensor, setBackend } from '@nabla/tensor-core';
import { createWasmBackend } from '@nabla/backend-wasm';
export async function run() {
  const backend = await setBackend('wasm');
  const threaded = await createWasmBackend({ numThreads: 2 });
  const threads = threaded.numThreads;
  threaded.dispose();
  const product = await tensor([[1, 2], [3, 4]]).matmul(tensor([[5], [6]])).data();
  return { backend: backend.name, threads, product: Array.from(product) };
}
`;
  const result = await runBrowserBundle({ packageDir, entry, builtFrom: ['dist/', '../tensor-core/dist/'] });
  // [[1,2],[3,4]]·[[5],[6]] = [[1·5+2·6],[3·5+4·6]]
  expect(result).toEqual({ backend: 'wasm', threads: 2, product: [17, 39] });
  // esbuild plus two worker threads starting: well past vitest's 5 s default on a loaded machine
}, 60_000);
