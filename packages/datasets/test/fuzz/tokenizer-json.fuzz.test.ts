/**
 * Fuzz: tokenizerFromJSON against a reference model of the saved-tokenizer format, on saved
 * tokenizers, on field-level edits of them and on text-level edits of their JSON. Every input is
 * rebuilt exactly as the reference reads it or refused by both, the reader with a TokenizerError.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CharTokenizer, TokenizerError, WordTokenizer, tokenizerFromJSON, tokenizerToJSON } from '../../src/index.js';
import { RANDOM_SEED, fuzz, mutateText, textMutation } from '@nabla/test-kit/fuzz';

// bounded by the number of runs, not by time; a loaded CI machine may need the room
vi.setConfig({ testTimeout: 120_000 });

class RefReject extends Error {}

interface RefTokenizer {
  readonly kind: 'char' | 'word';
  readonly lowercase: boolean;
  readonly tokens: string[];
}

/**
 * The format, as a reference: JSON text or a parsed value holding exactly `format`
 * ('nabla-tokenizer'), `version` (1), `kind` ('char' | 'word'), `lowercase` (boolean) and `tokens`
 * (strings: '<unk>', '<bos>', '<eos>' first, no duplicates; char tokens one code point each, word
 * tokens non-empty without whitespace).
 */
function refRead(json: unknown): RefTokenizer {
  let v = json;
  if (typeof json === 'string') {
    try {
      v = JSON.parse(json);
    } catch {
      throw new RefReject('not JSON');
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RefReject('not an object');
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  if (keys.join() !== 'format,kind,lowercase,tokens,version') throw new RefReject('fields');
  if (o.format !== 'nabla-tokenizer' || o.version !== 1 || (o.kind !== 'char' && o.kind !== 'word') || typeof o.lowercase !== 'boolean') throw new RefReject('header fields');
  if (!Array.isArray(o.tokens)) throw new RefReject('tokens');
  const tokens: string[] = [];
  for (const t of o.tokens as unknown[]) {
    if (typeof t !== 'string' || tokens.includes(t)) throw new RefReject('token');
    tokens.push(t);
  }
  if (tokens[0] !== '<unk>' || tokens[1] !== '<bos>' || tokens[2] !== '<eos>') throw new RefReject('specials');
  for (const t of tokens.slice(3)) {
    if (o.kind === 'char' && Array.from(t).length !== 1) throw new RefReject('char token');
    if (o.kind === 'word' && (t.length === 0 || /\s/u.test(t))) throw new RefReject('word token');
  }
  return { kind: o.kind, lowercase: o.lowercase, tokens };
}

function agree(json: unknown): 'read' | 'refused' {
  let reference: RefTokenizer | undefined;
  try {
    reference = refRead(json);
  } catch (err) {
    if (!(err instanceof RefReject)) throw err;
  }
  let got: CharTokenizer | WordTokenizer | undefined;
  try {
    got = tokenizerFromJSON(json);
  } catch (err) {
    if (!(err instanceof TokenizerError)) throw new Error(`not a TokenizerError: ${String(err)}`, { cause: err });
  }
  if (reference === undefined) {
    expect(got, 'the reference refuses this input but the reader accepted it').toBeUndefined();
    return 'refused';
  }
  expect(got, 'the reference reads this input but the reader refused it').toBeDefined();
  const saved = got!.toJSON();
  expect({ kind: saved.kind, lowercase: saved.lowercase, tokens: [...saved.tokens] }).toEqual(reference);
  // and the tokenizer works: encode → decode over its own tokens
  const ids = got!.encode(reference.tokens.slice(3).join(reference.kind === 'word' ? ' ' : ''));
  got!.decode(ids);
  return 'read';
}

const corpus = fc.string({ unit: fc.constantFrom('a', 'B', 'é', ' ', '\n', '.', "'", '😀', '1', 'Σ', '\u0301'), maxLength: 40 });
const saved = fc.tuple(fc.boolean(), corpus, fc.boolean()).map(([word, text, lowercase]) =>
  word ? WordTokenizer.fromCorpus(text, { lowercase }) : CharTokenizer.fromCorpus(text, { lowercase }));

/** Field-level edits of a saved tokenizer's object. */
const fieldEdit = fc.oneof(
  fc.record({ field: fc.constantFrom('format', 'version', 'kind', 'lowercase', 'tokens', 'extra', '__proto__'), value: fc.oneof(
    fc.constantFrom<unknown>('nabla-tokenizer', 1, 2, '1', 1.5, 'char', 'word', 'bpe', true, false, null, [], {}, ['<unk>', '<bos>', '<eos>']),
    fc.anything({ maxDepth: 1 }),
  ) }),
  fc.record({ token: fc.nat(), value: fc.oneof(fc.constantFrom<unknown>('<unk>', '', ' ', 'ab', 'a b', 'é', 'e\u0301', '😀', '\ud800', 7, null), fc.string({ maxLength: 3 })) }),
  fc.record({ remove: fc.constantFrom('format', 'version', 'kind', 'lowercase', 'tokens') }),
);

function applyEdit(obj: Record<string, unknown>, edit: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj };
  if (Array.isArray(obj.tokens)) out.tokens = [...(obj.tokens as unknown[])];
  if ('remove' in edit) delete out[edit.remove as string];
  else if ('field' in edit) Object.defineProperty(out, edit.field as string, { value: edit.value, enumerable: true, configurable: true, writable: true });
  else if (Array.isArray(out.tokens)) {
    const tokens = out.tokens as unknown[];
    tokens[(edit.token as number) % (tokens.length + 1)] = edit.value;
  }
  return out;
}

describe(`tokenizerFromJSON fuzz (random seed ${RANDOM_SEED})`, () => {
  it('rebuilds every saved tokenizer, from text and from the parsed object', () => {
    fuzz(fc.property(saved, (tok) => {
      expect(agree(tokenizerToJSON(tok))).toBe('read');
      expect(agree(JSON.parse(tokenizerToJSON(tok)))).toBe('read');
    }), 150);
  });

  it('agrees with the reference on field-level edits', () => {
    const outcomes = { read: 0, refused: 0 };
    fuzz(fc.property(saved, fc.array(fieldEdit, { minLength: 1, maxLength: 3 }), (tok, edits) => {
      const edited = edits.reduce(applyEdit, JSON.parse(tokenizerToJSON(tok)) as Record<string, unknown>);
      outcomes[agree(edited)]++;
      let text: string | undefined;
      try {
        text = JSON.stringify(edited);
      } catch {
        // BigInt and the like: only the object form exists
      }
      if (text !== undefined) agree(text);
    }), 300);
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('agrees with the reference on text-level edits of the JSON', () => {
    fuzz(fc.property(saved, fc.array(textMutation, { minLength: 1, maxLength: 3 }), (tok, edits) => {
      agree(edits.reduce(mutateText, tokenizerToJSON(tok)));
    }), 300);
  });

  it('refuses non-JSON values of every type with a TokenizerError', () => {
    fuzz(fc.property(fc.anything(), (value) => {
      agree(value);
    }), 200);
  });
});
