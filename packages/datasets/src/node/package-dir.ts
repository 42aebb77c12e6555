import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataSourceError } from '../errors.js';

/**
 * Root folder of an installed (optional peer) npm package, resolved from this module.
 * @throws DataSourceError explaining how to install the package when it is missing.
 */
export function packageDir(packageName: string, purpose: string): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new DataSourceError(purpose,
      `needs the optional npm package '${packageName}', which is not installed; ` +
        `install it with 'npm install ${packageName}' (or 'pnpm add ${packageName}')`,
    );
  }
  let dir = dirname(entry);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === packageName) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new DataSourceError('packageDir', `could not find the package.json of '${packageName}' above ${entry}`);
    dir = parent;
  }
}
