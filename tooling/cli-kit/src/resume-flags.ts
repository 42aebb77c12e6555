/** `--resume` against the flags given on its command line: a flag that contradicts the saved run is refused. */
import { UserError } from './user-error.js';

/**
 * Compare every flag the user gave (undefined = not given) with the value the run was trained
 * with; any difference is a UserError listing each conflict, so a resume never silently changes
 * the plan or ignores a flag.
 */
export function refuseConflictingFlags(dir: string, given: Readonly<Record<string, unknown>>, saved: Readonly<Record<string, unknown>>): void {
  const conflicts = Object.entries(given)
    .filter(([name, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(saved[name]))
    .map(([name, value]) => `--${name} ${JSON.stringify(value)} (the run has ${JSON.stringify(saved[name])})`);
  if (conflicts.length > 0) {
    throw new UserError(`--resume: ${conflicts.join(', ')} conflict${conflicts.length === 1 ? 's' : ''} with the run in '${dir}'; drop ${conflicts.length === 1 ? 'it' : 'them'} to resume, or start a new run with --force`);
  }
}
