/** Runs the app's CLI from source in a child process, as a user would (see @nabla/test-kit/cli). */
import { appCli, type CliResult, type RunningCli } from '@nabla/test-kit/cli';

export type { CliResult, RunningCli } from '@nabla/test-kit/cli';

const app = appCli(new URL('..', import.meta.url));

/** `pnpm lm <args>` without pnpm; resolves when it exits. */
export function cli(...args: string[]): Promise<CliResult> {
  return app.run(args);
}

/** Start `pnpm lm <args>` in the background. */
export function startCli(...args: string[]): RunningCli {
  return app.start(args);
}
