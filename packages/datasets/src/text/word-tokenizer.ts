import { TokenizerError } from '../errors.js';
import { Tokenizer } from './tokenizer.js';
import { SPECIAL_TOKENS, buildVocabulary, type VocabularyOptions } from './vocabulary.js';

/** Options for {@link WordTokenizer.fromCorpus}. */
export interface WordTokenizerOptions extends VocabularyOptions {
  /** Lowercase text before tokenizing; default true. */
  readonly lowercase?: boolean;
}

/** Words (letters, digits, apostrophes) and single punctuation marks; whitespace is dropped. */
const WORD_PATTERN = /[\p{L}\p{N}\p{M}']+|[^\s\p{L}\p{N}\p{M}']/gu;

/**
 * Word-level tokenizer. Decoding joins tokens with single spaces, so
 * `encode(decode(encode(t)))` equals `encode(t)` (whitespace is normalised).
 */
export class WordTokenizer extends Tokenizer {
  protected readonly kind = 'word';
  readonly lowercase: boolean;

  /** Build from an explicit token list (ids 0..2 must be the specials; others non-empty, without whitespace). */
  constructor(tokens: readonly string[], lowercase = true) {
    super(tokens);
    this.lowercase = lowercase;
    tokens.forEach((t, i) => {
      if (i >= SPECIAL_TOKENS.length && (t === '' || /\s/u.test(t))) {
        throw new TokenizerError('WordTokenizer', `token ${i} ${JSON.stringify(t)} is empty or holds whitespace, so no text can produce it`);
      }
    });
  }

  /** Vocabulary from a corpus's words, filtered by frequency and size. */
  static fromCorpus(text: string, options: WordTokenizerOptions = {}): WordTokenizer {
    const lowercase = options.lowercase ?? true;
    const words = splitWords(lowercase ? text.toLowerCase() : text);
    return new WordTokenizer(buildVocabulary(words, options, 'WordTokenizer.fromCorpus'), lowercase);
  }

  /** Words and punctuation marks of `text`. */
  tokenize(text: string): string[] {
    return splitWords(this.lowercase ? text.toLowerCase() : text);
  }

  protected join(tokens: readonly string[]): string {
    return tokens.join(' ');
  }
}

function splitWords(text: string): string[] {
  return text.match(WORD_PATTERN) ?? [];
}
