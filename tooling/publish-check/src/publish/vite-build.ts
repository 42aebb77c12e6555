import { build } from 'vite';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a Vite production build of a consumer's entry module wrote. */
export interface ViteBuildResult {
  /** Absolute path of the built entry module. */
  entry: string;
  /** Names of every JavaScript chunk written (entry and lazy chunks). */
  chunks: string[];
}

/**
 * Builds `source` (an ES module of the consumer project in `dir`) with Vite for the browser,
 * resolving the @nabla packages from the project's node_modules — i.e. from the installed tarballs.
 */
export async function viteBuild(dir: string, source: string): Promise<ViteBuildResult> {
  writeFileSync(join(dir, 'main.js'), source);
  const outDir = join(dir, 'dist');
  await build({
    root: dir,
    configFile: false,
    logLevel: 'error',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      // No <link rel=modulepreload> polyfill: the entry then runs under Node too, which the test uses.
      modulePreload: false,
      rollupOptions: { input: join(dir, 'main.js'), output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' } },
    },
  });
  const chunks = readdirSync(outDir).filter((f) => f.endsWith('.js')).sort();
  return { entry: join(outDir, 'main.js'), chunks };
}
