/** Runs the app's CLI from source in a child process, as a user would (see @nabla/test-kit/cli). */
import { appCli, type CliResult, type RunningCli } from '@nabla/test-kit/cli';

export type { CliResult, RunningCli } from '@nabla/test-kit/cli';

const app = appCli(new URL('..', import.meta.url));

/** `pnpm mnist <args>` without pnpm, blocking, with a 4-minute limit. */
export function cli(...args: string[]): CliResult {
  return app.runSync(args, { timeoutMs: 240_000 });
}

/** Start `pnpm mnist <args>` in the background. */
export function startCli(...args: string[]): RunningCli {
  return app.start(args);
}
