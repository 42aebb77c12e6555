/**
 * The text a run learns from: Moby-Dick by default or any UTF-8 file, optionally cut to its first
 * N characters, split 90/5/5 deterministically (contiguous, no shuffling) and tokenized with a
 * vocabulary built from the training part only (so held-out text can contain `<unk>`).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CharTokenizer, WordTokenizer, splitSequence, type TextSplit } from '@nabla/datasets';
import { loadCorpus, loadMobyDick } from '@nabla/datasets/node';
import { UserError } from '@nabla/cli-kit';

/** Character- or word-level tokens. */
export type Level = 'char' | 'word';

/** How the corpus and vocabulary were made (saved in config.json, so eval rebuilds the same split). */
export interface CorpusConfig {
  readonly level: Level;
  /** A UTF-8 text file, or null for Moby-Dick. */
  readonly path: string | null;
  /** Keep only the first N characters (null: all). */
  readonly limitChars: number | null;
  /** Tokens seen fewer times in the training text map to `<unk>`. */
  readonly minFrequency: number;
}

/** A tokenized corpus: the tokenizer and the three token streams. */
export interface TokenizedCorpus {
  readonly tokenizer: CharTokenizer | WordTokenizer;
  readonly tokens: TextSplit<Int32Array>;
  /** Characters of each part (for bits per character). */
  readonly chars: TextSplit<number>;
  /** SHA-256 of the text used (after --limit-chars), saved in the run's manifest. */
  readonly sha256: string;
}

/** Reject what cannot be a text corpus: empty, whitespace only, NUL bytes or invalid UTF-8. */
export function checkCorpusBytes(bytes: Uint8Array, name: string): string {
  if (bytes.length === 0) throw new UserError(`corpus '${name}' is empty`);
  if (bytes.includes(0)) throw new UserError(`corpus '${name}' looks like a binary file (it contains NUL bytes); give a UTF-8 text file`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`corpus '${name}' is not valid UTF-8 text (binary or another encoding); convert it to UTF-8 first`);
  }
  if (text.trim().length === 0) throw new UserError(`corpus '${name}' contains only whitespace`);
  return text;
}

/** The raw text described by `config` (newlines normalised, cut to `limitChars`). */
export async function loadText(config: CorpusConfig): Promise<string> {
  let text: string;
  if (config.path === null) {
    text = await loadMobyDick();
  } else {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(config.path);
    } catch (err) {
      throw new UserError(`cannot read corpus '${config.path}' (${err instanceof Error ? err.message : String(err)})`);
    }
    text = await loadCorpus({ text: checkCorpusBytes(bytes, config.path) });
  }
  return config.limitChars === null ? text : Array.from(text).slice(0, config.limitChars).join('');
}

/** Build a tokenizer for `level` from training text. */
export function buildTokenizer(level: Level, trainText: string, minFrequency: number): CharTokenizer | WordTokenizer {
  return level === 'char' ? CharTokenizer.fromCorpus(trainText, { minFrequency }) : WordTokenizer.fromCorpus(trainText, { minFrequency, lowercase: true });
}

/** Load, split and tokenize; builds the vocabulary from the training part unless `tokenizer` is given. */
export async function prepareCorpus(config: CorpusConfig, tokenizer?: CharTokenizer | WordTokenizer): Promise<TokenizedCorpus> {
  const text = await loadText(config);
  const parts = splitSequence(text);
  const tok = tokenizer ?? buildTokenizer(config.level, parts.train, config.minFrequency);
  const tokens = { train: tok.encode(parts.train), validation: tok.encode(parts.validation), test: tok.encode(parts.test) };
  const name = config.path ?? 'Moby-Dick';
  for (const [part, ids] of Object.entries(tokens)) {
    if (ids.length < 2) throw new UserError(`corpus '${name}' is too short: its ${part} part has ${ids.length} tokens (the split is 90/5/5; give more text)`);
  }
  const chars = { train: [...parts.train].length, validation: [...parts.validation].length, test: [...parts.test].length };
  return { tokenizer: tok, tokens, chars, sha256: createHash('sha256').update(text).digest('hex') };
}
