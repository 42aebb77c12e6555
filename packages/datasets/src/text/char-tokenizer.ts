import { TokenizerError } from '../errors.js';
import { Tokenizer } from './tokenizer.js';
import { SPECIAL_TOKENS, buildVocabulary, type VocabularyOptions } from './vocabulary.js';

/** Options for {@link CharTokenizer.fromCorpus}. */
export interface CharTokenizerOptions extends VocabularyOptions {
  /** Lowercase text before tokenizing; default false. */
  readonly lowercase?: boolean;
}

/** One token per Unicode code point; decode concatenates. */
export class CharTokenizer extends Tokenizer {
  protected readonly kind = 'char';
  readonly lowercase: boolean;

  /** Build from an explicit token list (ids 0..2 must be the specials; others single code points). */
  constructor(tokens: readonly string[], lowercase = false) {
    super(tokens);
    this.lowercase = lowercase;
    tokens.forEach((t, i) => {
      if (i >= SPECIAL_TOKENS.length && [...t].length !== 1) {
        throw new TokenizerError('CharTokenizer', `token ${i} '${t}' is not a single character`);
      }
    });
  }

  /** Vocabulary from a corpus's characters, filtered by frequency and size. */
  static fromCorpus(text: string, options: CharTokenizerOptions = {}): CharTokenizer {
    const lowercase = options.lowercase ?? false;
    const chars = Array.from(lowercase ? text.toLowerCase() : text);
    return new CharTokenizer(buildVocabulary(chars, options, 'CharTokenizer.fromCorpus'), lowercase);
  }

  /** Code points of `text`. */
  tokenize(text: string): string[] {
    return Array.from(this.lowercase ? text.toLowerCase() : text);
  }

  protected join(tokens: readonly string[]): string {
    return tokens.join('');
  }
}
