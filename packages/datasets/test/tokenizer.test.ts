import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CharTokenizer, TokenizerError, WordTokenizer, tokenizerFromJSON, tokenizerToJSON } from '../src/index.js';

describe('CharTokenizer', () => {
  it('builds a frequency-ordered vocabulary with specials first', () => {
    const tok = CharTokenizer.fromCorpus('abracadabra');
    // a×5, b×2, r×2, c×1, d×1 — ties in code-unit order.
    expect(tok.tokens).toEqual(['<unk>', '<bos>', '<eos>', 'a', 'b', 'r', 'c', 'd']);
    expect(Array.from(tok.encode('bad', { addBos: true, addEos: true }))).toEqual([1, 4, 3, 7, 2]);
    expect(Array.from(tok.encode('baz'))).toEqual([4, 3, 0]);
    expect(tok.decode([1, 4, 3, 7, 2])).toBe('bad');
    expect(tok.decode([1, 4, 2], { keepSpecial: true })).toBe('<bos>b<eos>');
  });

  it('applies minFrequency and maxSize', () => {
    expect(CharTokenizer.fromCorpus('abracadabra', { minFrequency: 2 }).tokens.slice(3)).toEqual(['a', 'b', 'r']);
    expect(CharTokenizer.fromCorpus('abracadabra', { maxSize: 5 }).tokens.slice(3)).toEqual(['a', 'b']);
    expect(() => CharTokenizer.fromCorpus('ab', { maxSize: 2 })).toThrow(/maxSize must be an integer ≥ 3/);
    expect(() => CharTokenizer.fromCorpus('ab', { minFrequency: 0 })).toThrow(TokenizerError);
  });

  it('round-trips any text drawn from its vocabulary, including astral code points', () => {
    const corpus = 'Hello, wörld! 🐳 — whales\n\t';
    const tok = CharTokenizer.fromCorpus(corpus);
    const alphabet = Array.from(new Set(Array.from(corpus)));
    fc.assert(fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }), (chars) => {
      const text = chars.join('');
      expect(tok.decode(tok.encode(text, { addBos: true, addEos: true }))).toBe(text);
    }));
    expect(tok.encode('🐳').length).toBe(1);
  });

  it('rejects ids outside the vocabulary', () => {
    const tok = CharTokenizer.fromCorpus('ab');
    expect(() => tok.decode([3, 99])).toThrow(/decode: id 99 at position 1 is outside the vocabulary 0..4/);
    expect(() => tok.decode([-1])).toThrow(TokenizerError);
    expect(() => tok.decode([1.5])).toThrow(TokenizerError);
  });
});

describe('WordTokenizer', () => {
  it('splits words and punctuation, lowercases by default', () => {
    const tok = WordTokenizer.fromCorpus('Call me Ishmael. Call me, call me!');
    expect(tok.tokenize("Call me Ishmael, don't.")).toEqual(['call', 'me', 'ishmael', ',', "don't", '.']);
    expect(tok.tokens.slice(0, 5)).toEqual(['<unk>', '<bos>', '<eos>', 'call', 'me']);
    expect(tok.decode(tok.encode('Call me Ahab.'))).toBe('call me <unk> .');
    const cased = WordTokenizer.fromCorpus('The the THE', { lowercase: false });
    expect(cased.vocabSize).toBe(6);
  });

  it('round-trips modulo whitespace: encode(decode(encode(t))) = encode(t)', () => {
    const words = ['whale', 'sea', 'ship', ',', '.', '!', "ahab's", 'the'];
    const tok = WordTokenizer.fromCorpus(words.join(' '));
    fc.assert(fc.property(fc.array(fc.constantFrom(...words), { maxLength: 40 }), fc.constantFrom(' ', '  ', '\n', '\t '), (ws, sep) => {
      const text = ws.join(sep);
      const ids = tok.encode(text);
      expect(Array.from(tok.encode(tok.decode(ids)))).toEqual(Array.from(ids));
      expect(tok.decode(ids)).toBe(ws.join(' '));
    }));
  });
});

describe('tokenizer JSON', () => {
  it('saves and loads both kinds', () => {
    const char = CharTokenizer.fromCorpus('Hello', { lowercase: true });
    const word = WordTokenizer.fromCorpus('to be or not to be');
    for (const tok of [char, word]) {
      const loaded = tokenizerFromJSON(tokenizerToJSON(tok));
      expect(loaded.constructor).toBe(tok.constructor);
      expect(loaded.tokens).toEqual(tok.tokens);
      expect(loaded.lowercase).toBe(tok.lowercase);
      expect(Array.from(loaded.encode('HELLO to be'))).toEqual(Array.from(tok.encode('HELLO to be')));
    }
    expect(tokenizerFromJSON(JSON.parse(JSON.stringify(word))).tokens).toEqual(word.tokens);
  });

  const good = { format: 'nabla-tokenizer', version: 1, kind: 'char', lowercase: false, tokens: ['<unk>', '<bos>', '<eos>', 'a'] };
  const bad: [string, unknown, RegExp][] = [
    ['invalid JSON', '{', /not valid JSON/],
    ['an array', '[]', /expected an object/],
    ['wrong format', { ...good, format: 'x' }, /format must be 'nabla-tokenizer'/],
    ['wrong version', { ...good, version: 2 }, /unsupported version 2/],
    ['unknown kind', { ...good, kind: 'bpe' }, /kind must be 'char' or 'word', got "bpe"/],
    ['non-string tokens', { ...good, tokens: ['<unk>', '<bos>', '<eos>', 3] }, /tokens must be an array of strings/],
    ['missing specials', { ...good, tokens: ['a', '<bos>', '<eos>'] }, /token 0 must be '<unk>', got 'a'/],
    ['duplicates', { ...good, tokens: ['<unk>', '<bos>', '<eos>', 'a', 'a'] }, /duplicate token 'a' at ids 3 and 4/],
    ['multi-char token in a char tokenizer', { ...good, tokens: ['<unk>', '<bos>', '<eos>', 'ab'] }, /token 3 'ab' is not a single character/],
    ['non-boolean lowercase', { ...good, lowercase: 'yes' }, /lowercase must be a boolean/],
    ['unknown fields', { ...good, merges: [] }, /unknown field "merges"/],
    ['a word token holding a space', { ...good, kind: 'word', tokens: ['<unk>', '<bos>', '<eos>', 'a b'] }, /token 3 "a b" is empty or holds whitespace/],
    ['an empty word token', { ...good, kind: 'word', tokens: ['<unk>', '<bos>', '<eos>', ''] }, /token 3 "" is empty or holds whitespace/],
  ];
  for (const [what, json, message] of bad) {
    it(`rejects ${what}`, () => {
      expect(() => tokenizerFromJSON(json)).toThrow(TokenizerError);
      expect(() => tokenizerFromJSON(json)).toThrow(message);
    });
  }
});
