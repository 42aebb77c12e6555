// `pnpm size`: prints the browser bundle sizes and exits non-zero when a budget is exceeded.
import { measureBundle, type ChunkSize } from './bundle.js';
import { coreGzipBudget, lazyGzipBudget } from './budget.js';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

const report = await measureBundle();
const rows: [ChunkSize, number | undefined][] = [
  [report.core, coreGzipBudget],
  ...report.lazy.map((c): [ChunkSize, number | undefined] => [c, lazyGzipBudget[c.label]]),
];
console.log(`${'chunk'.padEnd(32)}  minified      gzip    budget`);
let failed = false;
for (const [chunk, budget] of rows) {
  const over = budget !== undefined && chunk.gzip > budget;
  failed ||= over;
  console.log(
    `${(chunk.label === 'core' ? 'core (eager)' : `${chunk.label} (lazy)`).padEnd(32)} ${kb(chunk.minified).padStart(9)} ` +
      `${kb(chunk.gzip).padStart(9)} ${(budget === undefined ? '-' : kb(budget)).padStart(9)}${over ? '  OVER BUDGET' : ''}`,
  );
}
console.log(`core packages: ${report.core.packages.join(', ')}`);
if (failed) {
  console.error('size: a bundle is over its gzip budget (tooling/publish-check/src/size/budget.ts)');
  process.exit(1);
}
