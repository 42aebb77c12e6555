import { join } from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { transform } from 'esbuild';
import { rollup, type Plugin } from 'rollup';
import { writePageHtml } from './page-html.js';

/** Minifies each chunk (Rollup itself does not minify; a project would add terser or similar). */
const minify: Plugin = {
  name: 'nabla-matrix-minify',
  async renderChunk(code) {
    return { code: (await transform(code, { minify: true, format: 'esm', target: 'es2022' })).code, map: null };
  },
};

/** Rollup with node-resolve for the browser (the `browser` export condition), ES modules out, minified. */
export async function buildWithRollup(project: string, outDir: string): Promise<void> {
  const bundle = await rollup({
    input: { main: join(project, 'main.js') },
    plugins: [nodeResolve({ browser: true, rootDir: project })],
    // tensor-core's modules import each other in cycles that ES modules allow (Tensor ↔ ops);
    // any other warning fails the build.
    onwarn: (warning) => {
      if (warning.code !== 'CIRCULAR_DEPENDENCY') throw new Error(`rollup: ${warning.message}`);
    },
  });
  try {
    await bundle.write({ dir: outDir, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', plugins: [minify] });
  } finally {
    await bundle.close();
  }
  writePageHtml(project, outDir);
}
