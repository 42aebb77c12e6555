import { TokenizerError } from '../errors.js';
import { CharTokenizer } from './char-tokenizer.js';
import type { Tokenizer } from './tokenizer.js';
import { WordTokenizer } from './word-tokenizer.js';

/** The fields of a saved tokenizer, and no others. */
const FIELDS = ['format', 'version', 'kind', 'lowercase', 'tokens'];

/**
 * Rebuild a tokenizer saved with `JSON.stringify(tokenizer)`; accepts the JSON text or the
 * parsed object and validates every field (unknown fields are refused).
 * @throws TokenizerError describing the first problem found.
 */
export function tokenizerFromJSON(json: string | unknown): CharTokenizer | WordTokenizer {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (err) {
      throw new TokenizerError('tokenizerFromJSON', `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TokenizerError('tokenizerFromJSON', 'expected an object');
  }
  const obj = value as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) throw new TokenizerError('tokenizerFromJSON', `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')} (expected ${FIELDS.join(', ')})`);
  if (obj.format !== 'nabla-tokenizer') throw new TokenizerError('tokenizerFromJSON', `format must be 'nabla-tokenizer', got ${JSON.stringify(obj.format)}`);
  if (obj.version !== 1) throw new TokenizerError('tokenizerFromJSON', `unsupported version ${JSON.stringify(obj.version)} (expected 1)`);
  if (typeof obj.lowercase !== 'boolean') throw new TokenizerError('tokenizerFromJSON', 'lowercase must be a boolean');
  const tokens = obj.tokens;
  if (!Array.isArray(tokens) || !tokens.every((t): t is string => typeof t === 'string')) {
    throw new TokenizerError('tokenizerFromJSON', 'tokens must be an array of strings');
  }
  if (obj.kind === 'char') return new CharTokenizer(tokens, obj.lowercase);
  if (obj.kind === 'word') return new WordTokenizer(tokens, obj.lowercase);
  throw new TokenizerError('tokenizerFromJSON', `kind must be 'char' or 'word', got ${JSON.stringify(obj.kind)}`);
}

/** Serialize a tokenizer to JSON text. */
export function tokenizerToJSON(tokenizer: Tokenizer): string {
  return JSON.stringify(tokenizer.toJSON());
}
