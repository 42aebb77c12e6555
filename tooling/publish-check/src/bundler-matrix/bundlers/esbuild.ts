import { join } from 'node:path';
import { build } from 'esbuild';
import { writePageHtml } from './page-html.js';

/** esbuild for the browser: ESM, code splitting (lazy backends), minified. */
export async function buildWithEsbuild(project: string, outDir: string): Promise<void> {
  await build({
    absWorkingDir: project,
    entryPoints: { main: join(project, 'main.js') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outdir: outDir,
    logLevel: 'error',
  });
  writePageHtml(project, outDir);
}
