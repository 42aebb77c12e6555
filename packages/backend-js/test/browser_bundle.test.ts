/**
 * Browser bundlers must bundle the package as published: no `node:` import anywhere on its path
 * (webpack 5 and `esbuild --platform=browser` refuse those). This bundles the built package with
 * esbuild for the browser platform with no externals, checks that no input is a Node built-in,
 * then loads the bundle — which still runs under Node — and multiplies on two threads.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(packageDir, '.tmp', `browser-bundle-${process.pid}`);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

it('bundles for the browser platform with no externals, and the bundle computes on two threads', async () => {
  mkdirSync(outDir, { recursive: true });
  const entry = join(outDir, 'entry.mjs');
  writeFileSync(entry, `
import { tensor, setBackend } from '@nabla/tensor-core';
import { JsBackend } from '@nabla/backend-js';
export async function run() {
  const backend = await setBackend('js');
  const threads = await new JsBackend({ numThreads: 2 }).threadsReady();
  const product = await tensor([[1, 2], [3, 4]]).matmul(tensor([[5], [6]])).data();
  return { backend: backend.name, threads, product: Array.from(product) };
}
`);
  const outfile = join(outDir, 'bundle.mjs');
  const result = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', absWorkingDir: packageDir, outfile, metafile: true, logLevel: 'silent' });
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.some((i) => i.startsWith('dist/'))).toBe(true);
  expect(inputs.some((i) => i.startsWith('../tensor-core/dist/'))).toBe(true);
  expect(inputs.filter((i) => i.startsWith('node:') || !i.includes('/'))).toEqual([]);
  const bundle = (await import(/* @vite-ignore */ pathToFileURL(outfile).href)) as { run(): Promise<unknown> };
  // [[1,2],[3,4]]·[[5],[6]] = [[1·5+2·6],[3·5+4·6]]
  expect(await bundle.run()).toEqual({ backend: 'js', threads: 2, product: [17, 39] });
}, 60_000); // bundling and starting a worker take well over 5 s on a loaded machine
