// `pnpm release --dry-run`: version in a temporary copy, pack, publint, attw, `npm publish --dry-run`
// per package; prints what a release would publish. Real releases follow CONTRIBUTING.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { releaseDryRun } from './dry-run.js';

if (!process.argv.includes('--dry-run')) {
  console.error('pnpm release only runs as `pnpm release --dry-run`; a real release is `pnpm changeset version`, review, then `pnpm -r publish` (CONTRIBUTING.md).');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'nabla-release-'));
try {
  const { changesets, packages } = await releaseDryRun(work);
  console.log(`changeset version consumed ${changesets} pending changesets (in a copy; the repository keeps them)`);
  for (const p of packages) {
    console.log(`${p.name.padEnd(24)} ${p.from} → ${p.to}  CHANGELOG ${p.changelog === null ? 'missing' : `${p.changelog.split('\n').length} lines`}  npm publish --dry-run: ${p.published}${p.problems.length > 0 ? `\n  ${p.problems.join('\n  ')}` : ''}`);
  }
  process.exitCode = packages.some((p) => p.problems.length > 0) ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
