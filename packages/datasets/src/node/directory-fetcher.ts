import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSourceError } from '../errors.js';
import type { FileFetcher } from '../images/load-image-dataset.js';

/** A {@link FileFetcher} reading `<dir>/<file>` or, failing that, `<dir>/<file>.gz`. */
export function directoryFetcher(dir: string, missingHint = ''): FileFetcher {
  return async (fileName) => {
    for (const candidate of [fileName, `${fileName}.gz`]) {
      const path = join(dir, candidate);
      if (existsSync(path)) {
        const buffer = await readFile(path);
        return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), name: path };
      }
    }
    throw new DataSourceError('directoryFetcher', `neither '${join(dir, fileName)}' nor its '.gz' exists${missingHint ? `; ${missingHint}` : ''}`);
  };
}
