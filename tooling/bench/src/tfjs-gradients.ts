/**
 * TensorFlow.js gradients in Node. tfjs-core's Node entry (a CommonJS bundle) registers no gradient
 * functions; `@tensorflow/tfjs` does it by importing `dist/register_all_gradients.js`, an ES module
 * tree with extensionless imports that Node cannot load. We bundle that file once with esbuild and
 * import the bundle: its configs land in tfjs's process-global gradient registry, which the Node
 * bundle's engine shares (tfjs keeps its registries and engine on the global object).
 */
import { createRequire } from 'node:module';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

let registered: Promise<void> | null = null;

/** Register every tfjs-core gradient (once per process). */
export function registerTfjsGradients(): Promise<void> {
  registered ??= bundleAndImport();
  return registered;
}

async function bundleAndImport(): Promise<void> {
  const require = createRequire(import.meta.url);
  const coreDir = path.dirname(require.resolve('@tensorflow/tfjs-core/package.json'));
  const result = await build({
    entryPoints: [path.join(coreDir, 'dist', 'register_all_gradients.js')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nabla-bench-tfjs-'));
  const file = path.join(dir, 'register_all_gradients.mjs');
  await writeFile(file, result.outputFiles[0].contents);
  await import(pathToFileURL(file).href);
}
