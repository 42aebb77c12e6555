/** Output files of non-training commands must never replace a run's own files. */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { RunFolder } from '@nabla/train/node';
import { UserError } from './user-error.js';

/** Refuse `path` when it is one of the run's files in `runDir` or its folder does not exist. */
export async function checkOutputPath(option: string, path: string, runDir: string): Promise<void> {
  if (await new RunFolder(runDir).owns(path)) throw new UserError(`--${option} '${path}' would overwrite a file of the run in '${runDir}'; choose another path`);
  if (!existsSync(dirname(path) || '.')) throw new UserError(`--${option} '${path}': the folder '${dirname(path)}' does not exist`);
}
