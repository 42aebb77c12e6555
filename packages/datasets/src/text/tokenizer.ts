import { TokenizerError } from '../errors.js';
import { BOS, EOS, SPECIAL_TOKENS, UNK } from './vocabulary.js';

/** Options for {@link Tokenizer.encode}. */
export interface EncodeOptions {
  /** Prepend `<bos>`; default false. */
  readonly addBos?: boolean;
  /** Append `<eos>`; default false. */
  readonly addEos?: boolean;
}

/** Options for {@link Tokenizer.decode}. */
export interface DecodeOptions {
  /** Keep `<bos>`/`<eos>` in the output text; default false (they are dropped). */
  readonly keepSpecial?: boolean;
}

/** Serialized form of a tokenizer (see `tokenizerFromJSON`). */
export interface TokenizerJSON {
  /** Marks the object as a tokenizer; tokenizerFromJSON rejects anything else. */
  readonly format: 'nabla-tokenizer';
  /** Layout version; tokenizerFromJSON rejects other versions. */
  readonly version: 1;
  /** Which tokenizer to rebuild: CharTokenizer or WordTokenizer. */
  readonly kind: 'char' | 'word';
  /** Whether text is lowercased before tokenizing. */
  readonly lowercase: boolean;
  /** Token strings by id, starting with `<unk>`, `<bos>`, `<eos>`. */
  readonly tokens: readonly string[];
}

/** Shared vocabulary mapping, encode and decode for character and word tokenizers. */
export abstract class Tokenizer {
  /** Token strings by id; ids 0, 1, 2 are `<unk>`, `<bos>`, `<eos>`. */
  readonly tokens: readonly string[];
  /** Id of `<unk>`. */
  readonly unkId = 0;
  /** Id of `<bos>`. */
  readonly bosId = 1;
  /** Id of `<eos>`. */
  readonly eosId = 2;
  private readonly ids: Map<string, number>;

  protected constructor(tokens: readonly string[]) {
    SPECIAL_TOKENS.forEach((s, i) => {
      if (tokens[i] !== s) throw new TokenizerError('tokenizer', `token ${i} must be '${s}', got '${String(tokens[i])}'`);
    });
    this.tokens = Object.freeze([...tokens]);
    this.ids = new Map();
    tokens.forEach((t, i) => {
      if (this.ids.has(t)) throw new TokenizerError('tokenizer', `duplicate token '${t}' at ids ${this.ids.get(t)} and ${i}`);
      this.ids.set(t, i);
    });
  }

  /** Number of tokens, specials included. */
  get vocabSize(): number {
    return this.tokens.length;
  }

  /** Split text into token strings (before the vocabulary lookup). */
  abstract tokenize(text: string): string[];

  /** Join decoded token strings back into text. */
  protected abstract join(tokens: readonly string[]): string;

  /** Serialization kind. */
  protected abstract readonly kind: 'char' | 'word';

  /** Whether text is lowercased before tokenizing. */
  abstract readonly lowercase: boolean;

  /** Id of a token string, or `<unk>`'s id when it is not in the vocabulary. */
  idOf(token: string): number {
    return this.ids.get(token) ?? this.unkId;
  }

  /** Text → token ids (unknown tokens map to `<unk>`). */
  encode(text: string, options: EncodeOptions = {}): Int32Array {
    const pieces = this.tokenize(text);
    const extra = (options.addBos ? 1 : 0) + (options.addEos ? 1 : 0);
    const out = new Int32Array(pieces.length + extra);
    let k = 0;
    if (options.addBos) out[k++] = this.bosId;
    for (const p of pieces) out[k++] = this.idOf(p);
    if (options.addEos) out[k++] = this.eosId;
    return out;
  }

  /** Token ids → text; `<unk>` prints as `<unk>`. @throws TokenizerError for an id out of range. */
  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    const parts: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < 0 || id >= this.tokens.length) {
        throw new TokenizerError('decode', `id ${id} at position ${i} is outside the vocabulary 0..${this.tokens.length - 1}`);
      }
      if (!options.keepSpecial && (id === this.bosId || id === this.eosId)) continue;
      parts.push(this.tokens[id]);
    }
    return this.join(parts);
  }

  /** Serializable snapshot; pass to `JSON.stringify` and back through `tokenizerFromJSON`. */
  toJSON(): TokenizerJSON {
    return { format: 'nabla-tokenizer', version: 1, kind: this.kind, lowercase: this.lowercase, tokens: [...this.tokens] };
  }
}

export { BOS, EOS, UNK };
