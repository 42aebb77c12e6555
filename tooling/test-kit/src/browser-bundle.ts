/**
 * Browser bundlers must bundle a package as published: no `node:` import anywhere on its path
 * (webpack 5 and `esbuild --platform=browser` refuse those). `runBrowserBundle` bundles an entry
 * module with esbuild for the browser platform with no externals, checks that the bundle was
 * built from the packages' built files and that no input is a Node built-in, then loads the
 * bundle — which still runs under Node — and returns what its `run()` export resolves to.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** What to bundle, from where. */
export interface BrowserBundleOptions {
  /** The package under test: esbuild resolves imports from here, and the bundle is written below it (`.tmp/`). */
  readonly packageDir: string;
  /** Source of the entry module (ESM). It must export `async function run()`. */
  readonly entry: string;
  /**
   * Folders, relative to `packageDir`, that inputs must come from (e.g. `dist/`,
   * `../tensor-core/dist/`): each must supply at least one input, proving the built files were bundled.
   */
  readonly builtFrom: readonly string[];
}

/** Bundle `entry` for the browser, check the inputs, load the bundle and return `await run()`. */
export async function runBrowserBundle({ packageDir, entry, builtFrom }: BrowserBundleOptions): Promise<unknown> {
  const outDir = join(packageDir, '.tmp', `browser-bundle-${process.pid}-${Date.now()}`);
  mkdirSync(outDir, { recursive: true });
  try {
    const entryFile = join(outDir, 'entry.mjs');
    writeFileSync(entryFile, entry);
    const outfile = join(outDir, 'bundle.mjs');
    const result = await build({
      entryPoints: [entryFile], bundle: true, format: 'esm', platform: 'browser', absWorkingDir: packageDir, outfile, metafile: true, logLevel: 'silent',
    });
    const complaints = [...result.errors, ...result.warnings].map((m) => m.text);
    if (complaints.length > 0) throw new Error(`esbuild reported errors or warnings:\n${complaints.join('\n')}`);
    const inputs = Object.keys(result.metafile.inputs);
    const missing = builtFrom.filter((dir) => !inputs.some((i) => i.startsWith(dir)));
    if (missing.length > 0) throw new Error(`no bundle input comes from ${missing.join(', ')}; inputs:\n${inputs.join('\n')}`);
    const builtIns = inputs.filter((i) => i.startsWith('node:') || !i.includes('/'));
    if (builtIns.length > 0) throw new Error(`the browser bundle imports Node built-ins: ${builtIns.join(', ')}`);
    const bundle = (await import(/* @vite-ignore */ pathToFileURL(outfile).href)) as { run(): Promise<unknown> };
    return await bundle.run();
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
