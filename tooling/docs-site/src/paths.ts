/** Where the docs site's inputs and default output live. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's folder (tooling/docs-site). */
export const packageDir: string = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The monorepo root. */
export const repoRoot: string = resolve(packageDir, '../..');

/** Where `pnpm run docs` writes the site (gitignored). */
export const defaultSiteDir: string = join(repoRoot, 'site');

/** The page script that runs the live examples (copied by typedoc to assets/custom.js). */
export const liveExamplesScript: string = join(packageDir, 'assets', 'live-examples.js');

/** The site's icon. */
export const siteFavicon: string = join(packageDir, 'assets', 'favicon.svg');
