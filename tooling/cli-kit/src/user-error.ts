/** Errors caused by the user's input: printed as one line, exit code 2, no stack trace. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * Run a CLI's `main` and exit with its code: a UserError prints `error: <message>` and exits 2;
 * anything else is a bug and prints its stack with exit 1.
 */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof UserError) {
        console.error(`error: ${err.message}`);
        process.exit(2);
      }
      console.error(err);
      process.exit(1);
    },
  );
}
