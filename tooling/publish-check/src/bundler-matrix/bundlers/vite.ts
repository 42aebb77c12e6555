import { build } from 'vite';

/** Vite's production build of index.html (Rollup underneath, Vite's resolver and defaults). */
export async function buildWithVite(project: string, outDir: string): Promise<void> {
  await build({
    root: project,
    configFile: false,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
}
