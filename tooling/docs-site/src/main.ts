/**
 * `pnpm run docs`: build the docs site into site/ (or the folder given) and say where it is.
 * `--write-undocumented` also rewrites undocumented-baseline.txt with the members still lacking TSDoc.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSite } from './build-site.js';
import { defaultSiteDir, undocumentedBaseline } from './paths.js';

const args = process.argv.slice(2);
const folder = args.find((a) => !a.startsWith('--'));
const out = folder ? resolve(folder) : defaultSiteDir;
const build = await buildSite(out);
const total = Object.values(build.bundles).reduce((a, b) => a + b, 0);
console.log(`docs site: ${out}/index.html (${build.errors} errors, ${build.warnings} warnings; browser bundles ${(total / 1024).toFixed(0)} KiB minified)`);
console.log(`${build.undocumented.length} public members have no TSDoc yet (listed in tooling/docs-site/undocumented-baseline.txt)`);
if (args.includes('--write-undocumented')) writeFileSync(undocumentedBaseline, build.undocumented.map((n) => `${n}\n`).join(''));
console.log('serve it with any static server, e.g. `python3 -m http.server -d site`');
process.exit(build.errors > 0 ? 1 : 0);
