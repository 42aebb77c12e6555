/** Runs the app's CLI from source in a child process, as a user would. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

/** A CLI run in progress: send it signals, wait for output, await its exit. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** Everything printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves when the output matches `pattern`. */
  waitFor(pattern: RegExp): Promise<void>;
  /** Exit code (or signal) and the milliseconds since `since` (default: start). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Start `pnpm mnist <args>` in the background. */
export function startCli(...args: string[]): RunningCli {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@nabla/source', 'src/cli.ts', ...args], {
    cwd: appDir, env: { ...process.env, FORCE_COLOR: '0' },
  });
  let text = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = (d: Buffer): void => {
    text += d.toString();
    for (const w of [...waiters]) if (w.pattern.test(text)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, at: performance.now() }));
  });
  return {
    child,
    output: () => text,
    waitFor: (pattern) => new Promise((resolve, reject) => {
      if (pattern.test(text)) { resolve(); return; }
      waiters.push({ pattern, resolve });
      void exited.then(() => reject(new Error(`exited before printing ${pattern}:\n${text}`)));
    }),
    exited,
  };
}
