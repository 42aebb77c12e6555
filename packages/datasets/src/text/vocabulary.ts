import { TokenizerError } from '../errors.js';

/** Reserved tokens, always ids 0, 1, 2. */
export const UNK = '<unk>';
/** Beginning-of-sequence token (id 1). */
export const BOS = '<bos>';
/** End-of-sequence token (id 2). */
export const EOS = '<eos>';
/** The reserved tokens in id order. */
export const SPECIAL_TOKENS: readonly string[] = [UNK, BOS, EOS];

/** How a vocabulary is chosen from corpus counts. */
export interface VocabularyOptions {
  /** Keep tokens seen at least this often; default 1. */
  readonly minFrequency?: number;
  /** Maximum vocabulary size including the three special tokens; default unlimited. */
  readonly maxSize?: number;
}

/**
 * Token list from corpus tokens: specials first, then by descending frequency, ties broken by
 * code-unit order, so the result is deterministic.
 */
export function buildVocabulary(tokens: Iterable<string>, options: VocabularyOptions, caller: string): string[] {
  const minFrequency = options.minFrequency ?? 1;
  const maxSize = options.maxSize ?? Number.POSITIVE_INFINITY;
  if (!Number.isInteger(minFrequency) || minFrequency < 1) {
    throw new TokenizerError(caller, `minFrequency must be a positive integer, got ${minFrequency}`);
  }
  if (maxSize !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxSize) || maxSize < SPECIAL_TOKENS.length)) {
    throw new TokenizerError(caller, `maxSize must be an integer ≥ ${SPECIAL_TOKENS.length} (the special tokens), got ${maxSize}`);
  }
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const s of SPECIAL_TOKENS) counts.delete(s);
  const kept = [...counts].filter(([, c]) => c >= minFrequency);
  kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const room = maxSize - SPECIAL_TOKENS.length;
  return [...SPECIAL_TOKENS, ...kept.slice(0, room).map(([t]) => t)];
}
