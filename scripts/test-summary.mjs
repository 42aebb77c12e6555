#!/usr/bin/env node
// Sums the JSON results every package's vitest run leaves in .vitest/results.json and prints
// one line per package and a closing "N passed, N failed, N skipped" line for the workspace.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0, failed = 0, skipped = 0;
const rows = [];
for (const group of ['packages', 'apps', 'tooling']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).sort()) {
    const resultsDir = join(dir, name, '.vitest');
    if (!existsSync(resultsDir)) continue;
    // results.json from Node runs, results-browser.json from the Chromium runs
    for (const file of readdirSync(resultsDir).filter((f) => /^results.*\.json$/.test(f)).sort()) {
      const r = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
      const p = r.numPassedTests ?? 0, f = (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0), s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
      passed += p; failed += f; skipped += s;
      const label = `${group}/${name}${file === 'results.json' ? '' : ` (${file.replace(/^results-|\.json$/g, '')})`}`;
      rows.push(`  ${label.padEnd(42)} ${String(p).padStart(5)} passed ${String(f).padStart(4)} failed ${String(s).padStart(4)} skipped`);
    }
  }
}
console.log('\nTest summary by package:');
console.log(rows.join('\n'));
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
