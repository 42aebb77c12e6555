/** Runs the app's CLI from source in a child process, as a user would. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));

/** Exit code and output of one CLI run. */
export interface CliResult { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** `pnpm lm <args>` without pnpm: node + tsx on src/cli.ts, no colours. */
export function cli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@nabla/source', 'src/cli.ts', ...args], {
      cwd: appDir, env: { ...process.env, FORCE_COLOR: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
