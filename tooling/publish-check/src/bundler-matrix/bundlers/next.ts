import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { run } from '../../publish/run.js';

/**
 * Next.js `next build` of the one-page app in `next-app/` with `output: 'export'` (a static site
 * in next-app/out), copied to `outDir`.
 */
export function buildWithNext(project: string, outDir: string): Promise<void> {
  const app = join(project, 'next-app');
  const nextBin = createRequire(join(app, 'package.json')).resolve('next/dist/bin/next');
  run(process.execPath, [nextBin, 'build', '--webpack'], app, { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' });
  rmSync(outDir, { recursive: true, force: true });
  cpSync(join(app, 'out'), outDir, { recursive: true });
  return Promise.resolve();
}
