/**
 * Runs an app's CLI from source in a child process, as a user would: node + tsx on the app's
 * src/cli.ts with the `@nabla/source` condition, in the app's folder, no colours.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Exit code and output of one CLI run. */
export interface CliResult { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** How a background run ended: exit code or signal, and the `performance.now()` time it closed at. */
export interface CliExit { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly at: number }

/** A CLI run in progress: send it signals, wait for output, await its exit. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** Everything printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves when the output matches `pattern`; rejects if the CLI exits first. */
  waitFor(pattern: RegExp): Promise<void>;
  /** Resolves when the process has closed. */
  readonly exited: Promise<CliExit>;
}

/** One app's CLI, run from its folder. */
export interface AppCli {
  /** Run to the end without blocking; resolves with the exit code and the output. */
  run(args: readonly string[]): Promise<CliResult>;
  /** Run to the end, blocking; the child is killed after `timeoutMs` (then `code` is null). */
  runSync(args: readonly string[], options: { readonly timeoutMs: number }): CliResult;
  /** Start in the background. */
  start(args: readonly string[]): RunningCli;
}

/** The CLI of the app whose folder is `appDir` (a path, or a `file:` URL such as `new URL('..', import.meta.url)`). */
export function appCli(appDir: string | URL): AppCli {
  const cwd = typeof appDir === 'string' ? appDir : fileURLToPath(appDir);
  const env = { ...process.env, FORCE_COLOR: '0' };
  const argv = (args: readonly string[]): string[] => ['--import', 'tsx', '--conditions=@nabla/source', 'src/cli.ts', ...args];
  return {
    run: (args) => new Promise((resolve, reject) => {
      const child = spawn(process.execPath, argv(args), { cwd, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    }),
    runSync: (args, { timeoutMs }) => {
      const r = spawnSync(process.execPath, argv(args), { cwd, env, encoding: 'utf8', timeout: timeoutMs });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    start: (args) => watch(spawn(process.execPath, argv(args), { cwd, env })),
  };
}

/** Collect `child`'s output and let callers wait for patterns in it and for its exit. */
function watch(child: ChildProcess): RunningCli {
  let text = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = (d: Buffer): void => {
    text += d.toString();
    for (const w of [...waiters]) if (w.pattern.test(text)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<CliExit>((resolve) => {
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
