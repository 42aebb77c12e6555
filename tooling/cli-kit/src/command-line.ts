/** The command-line shape the apps share: `<command> [--options]`, with `-h/--help` and a usage text. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from './user-error.js';

/** An app's option declarations, as `util.parseArgs` takes them. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The options every app accepts besides its own. */
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** Parsed option values for `options` (plus `help`). */
export type CommandValues<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & typeof HELP }>
>['values'];

/** A parsed command line: the command to run with its options, or an exit code after printing usage. */
export type CommandLine<O extends OptionsConfig> =
  | { readonly command: string; readonly values: CommandValues<O>; readonly positionals: string[] }
  | { readonly exitCode: number };

/**
 * Parse `argv` as `<command> [--options]`. Bad options or an unknown command throw a UserError
 * that ends with `usage`; `help`, `-h` or no command print `usage` and give the exit code
 * (2 for a bare invocation, 0 when help was asked for).
 */
export function parseCommandLine<const O extends OptionsConfig>(
  argv: string[], usage: string, commands: readonly string[], options: O,
): CommandLine<O> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...options, ...HELP } });
  } catch (err) {
    throw new UserError(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
  }
  const { positionals } = parsed;
  const values = parsed.values as CommandValues<O>;
  const help = (parsed.values as { help?: boolean }).help === true;
  const command = positionals[0];
  if (help || command === undefined || command === 'help') {
    console.log(usage);
    return { exitCode: command === undefined && !help ? 2 : 0 };
  }
  if (!commands.includes(command)) throw new UserError(`unknown command '${command}'\n${usage}`);
  return { command, values, positionals };
}
