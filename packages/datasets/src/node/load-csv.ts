import { readFile } from 'node:fs/promises';
import { DataSourceError } from '../errors.js';
import type { Dataset2D } from '../playground/dataset-2d.js';
import { parsePlaygroundCsv } from '../playground/parse-csv.js';

/** Read and validate an `x1,x2,label` CSV file (see `parsePlaygroundCsv`). */
export async function loadPlaygroundCsv(path: string): Promise<Dataset2D> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DataSourceError('loadPlaygroundCsv', `cannot read '${path}' (${err instanceof Error ? err.message : String(err)})`);
  }
  return parsePlaygroundCsv(text, path);
}
