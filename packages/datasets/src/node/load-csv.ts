import { readFile } from 'node:fs/promises';
import { DataSourceError } from '../errors.js';
import { decodeUtf8Text } from '../text/decode-utf8.js';
import type { Dataset2D } from '../playground/dataset-2d.js';
import { parsePlaygroundCsv, type PlaygroundCsvOptions } from '../playground/parse-csv.js';

/** Read and validate an `x1,x2,label` CSV file (see `parsePlaygroundCsv`). */
export async function loadPlaygroundCsv(path: string, options: PlaygroundCsvOptions = {}): Promise<Dataset2D> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new DataSourceError('loadPlaygroundCsv', `cannot read '${path}' (${err instanceof Error ? err.message : String(err)})`);
  }
  return parsePlaygroundCsv(decodeUtf8Text(bytes, 'loadPlaygroundCsv', path), path, options);
}
