/**
 * `pnpm run docs`: build the docs site into site/ (or the folder given) and say where it is.
 * It also lists any public member without TSDoc (the docs-site test requires there be none).
 */
import { resolve } from 'node:path';
import { buildSite } from './build-site.js';
import { defaultSiteDir } from './paths.js';

const args = process.argv.slice(2);
const folder = args.find((a) => !a.startsWith('--'));
const out = folder ? resolve(folder) : defaultSiteDir;
const build = await buildSite(out);
const total = Object.values(build.bundles).reduce((a, b) => a + b, 0);
console.log(`docs site: ${out}/index.html (${build.errors} errors, ${build.warnings} warnings; browser bundles ${(total / 1024).toFixed(0)} KiB minified)`);
if (build.undocumented.length > 0) console.log(`${build.undocumented.length} public member(s) without TSDoc:\n${build.undocumented.map((n) => `  ${n}`).join('\n')}`);
console.log('serve it with any static server, e.g. `python3 -m http.server -d site`');
process.exit(build.errors > 0 ? 1 : 0);
