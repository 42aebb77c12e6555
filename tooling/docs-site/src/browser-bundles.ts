/**
 * The browser bundles live examples import: the packages' BUILT `dist/` files (resolved through
 * their published export conditions, never the `@nabla/source` one), bundled by esbuild for the
 * browser with code splitting, so the entry points share one copy of tensor-core.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { packageDir } from './paths.js';

/** Import specifier a live example may use → the bundle file (under assets/nabla/) serving it. */
export const BUNDLED_MODULES: Readonly<Record<string, string>> = {
  '@nabla/nabla': 'nabla.js',
  '@nabla/tensor-core/browser': 'tensor-core-browser.js',
  '@nabla/layers/browser': 'layers-browser.js',
};

/** Bundle sizes written, by file name. */
export type BundleSizes = Record<string, number>;

/** Bundle every {@link BUNDLED_MODULES} entry into `outDir` (minified ESM, split chunks). */
export async function buildBrowserBundles(outDir: string): Promise<BundleSizes> {
  const entryPoints = Object.entries(BUNDLED_MODULES).map(([specifier, file]) => ({ in: specifier, out: file.replace(/\.js$/, '') }));
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outdir: outDir,
    metafile: true,
    logLevel: 'warning',
  });
  const sizes: BundleSizes = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) sizes[file.slice(file.lastIndexOf('/') + 1)] = output.bytes;
  return sizes;
}

/** The folder inside the site that holds the bundles. */
export function bundleDir(siteDir: string): string {
  return join(siteDir, 'assets', 'nabla');
}
