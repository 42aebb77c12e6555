import { execFileSync } from 'node:child_process';

/** A child process that exited non-zero: the command, its exit status and what it printed. */
export class CommandError extends Error {
  constructor(readonly command: string, readonly status: number | null, readonly output: string) {
    super(`${command} exited with status ${String(status)}:\n${output}`);
    this.name = 'CommandError';
  }
}

/** Runs a command to completion and returns its stdout; throws CommandError on a non-zero exit. */
export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (error) {
    const e = error as { status?: number | null; stdout?: string; stderr?: string };
    throw new CommandError([command, ...args].join(' '), e.status ?? null, `${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}
