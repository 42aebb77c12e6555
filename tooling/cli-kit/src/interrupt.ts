/** Ctrl-C for training commands: the first SIGINT aborts (training stops at the next step and saves), the second exits at once. */

/** An AbortSignal tied to SIGINT, and `dispose()` to remove the handler. */
export interface Interrupt {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * Listen for SIGINT: the first aborts `signal` (fit stops before its next step and the app commits
 * a resumable state), the second exits with code 130 at once — safe, because run folders are
 * committed as one transaction (a half-written commit is ignored or rolled forward).
 */
export function interruptOnSigint(what = 'training'): Interrupt {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) {
      process.stderr.write('\nsecond Ctrl-C: exiting now (the run folder keeps its last complete commit)\n');
      process.exit(130);
    }
    controller.abort(new Error('SIGINT'));
    process.stderr.write(`\nstopping ${what} after this step and saving (Ctrl-C again to quit at once)...\n`);
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}
