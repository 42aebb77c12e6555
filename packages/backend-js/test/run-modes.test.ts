/**
 * The GEMM worker threads start however the code is run, not only from a file: under `node -e`,
 * `node --input-type=module -e` (whose flag workers inherit, so they evaluate as ES modules
 * without `require`), the REPL, and a bundled single-file build. Each run imports the built
 * package (`pnpm build` precedes tests), asks for two threads and reports how many started.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { RUN_MODES, runInEveryMode } from '@nabla/vitest-config/run-modes';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

const script = `
const nabla = await import('@nabla/backend-js');
const backend = new nabla.JsBackend({ numThreads: 2 });
const threads = await backend.threadsReady();
backend.dispose();
report({ threads });
`;

it('starts both GEMM threads under node -e, --input-type=module, the REPL and a single-file bundle', async () => {
  const bundle = async (entry: string, outfile: string): Promise<void> => {
    await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'silent' });
  };
  const results = await runInEveryMode(packageDir, script, bundle);
  for (const mode of RUN_MODES) expect(results[mode], mode).toEqual({ threads: 2 });
}, 60_000);
