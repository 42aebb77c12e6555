/** Runs the app's CLI from source in a child process, as a user would. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));

/** Exit code and output of one CLI run. */
export interface CliResult { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** `pnpm mnist <args>` without pnpm: node + tsx on src/cli.ts, no colours, 4-minute limit. */
export function cli(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@nabla/source', 'src/cli.ts', ...args], {
    cwd: appDir, encoding: 'utf8', timeout: 240_000, env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
