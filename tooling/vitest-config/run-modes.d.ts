/** A way of running code other than `node file.mjs`. */
export type RunMode = 'node -e' | 'node --input-type=module -e' | 'REPL' | 'bundled single file';

/** The four ways, in the order they run. */
export declare const RUN_MODES: readonly RunMode[];

/**
 * Runs `body` (an ES module body using `await import(...)`, reporting through `report(value)`) in
 * each of RUN_MODES from `cwd` and returns what each reported.
 */
export declare function runInEveryMode(
  cwd: string,
  body: string,
  bundle: (entry: string, outfile: string) => Promise<void>,
  env?: Record<string, string>,
): Promise<Record<RunMode, unknown>>;
