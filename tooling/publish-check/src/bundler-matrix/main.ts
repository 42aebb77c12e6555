// `pnpm --filter @nabla/publish-check run bundler-matrix`: packs every package, installs the tarballs
// into a fresh project, builds the matrix page with each bundler, runs it in headless Chromium and
// prints the table. Exits non-zero when a row fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumMissingReason, launchChromium } from './chromium-page.js';
import { runMatrix } from './matrix.js';
import { createMatrixProject } from './project.js';
import { formatMatrix, pageProblems } from './table.js';

const work = mkdtempSync(join(tmpdir(), 'nabla-matrix-'));
try {
  const project = createMatrixProject(join(work, 'project'));
  const missing = chromiumMissingReason();
  if (missing !== null) console.warn(`bundler matrix: not running the pages: ${missing}`);
  const browser = missing === null ? await launchChromium() : null;
  try {
    const rows = await runMatrix(project, browser);
    console.log(formatMatrix(rows));
    process.exitCode = rows.some((r) => r.buildError !== null || pageProblems(r).length > 0) ? 1 : 0;
  } finally {
    await browser?.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
