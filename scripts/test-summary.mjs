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
    const file = join(dir, name, '.vitest', 'results.json');
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    const p = r.numPassedTests ?? 0, f = (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0), s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    passed += p; failed += f; skipped += s;
    rows.push(`  ${`${group}/${name}`.padEnd(34)} ${String(p).padStart(5)} passed ${String(f).padStart(4)} failed ${String(s).padStart(4)} skipped`);
  }
}
console.log('\nTest summary by package:');
console.log(rows.join('\n'));
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
