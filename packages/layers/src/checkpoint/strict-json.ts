/**
 * A JSON parser for untrusted headers. Unlike JSON.parse it rejects duplicate object keys (so a
 * tensor name cannot silently appear twice), returns objects as Maps (no prototype keys), and
 * bounds nesting depth.
 */

/** A parsed JSON value; objects are Maps in key order. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A parsed JSON object. */
export type JsonObject = Map<string, JsonValue>;

/** Why a text is not acceptable JSON, with the character offset. */
export class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

const MAX_DEPTH = 64;

/** Parse `text` as one JSON value, rejecting duplicate keys and trailing content. */
export function parseStrictJson(text: string): JsonValue {
  let i = 0;
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, i);
  };
  const skipSpace = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let simple = true;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail('control character in string');
      if (text[i] === '\\') {
        simple = false;
        i += 2;
      } else i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    const raw = text.slice(start, i);
    if (simple) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      return fail('invalid escape in string');
    }
  };
  const parseNumber = (): number => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!match) return fail('invalid number');
    i += match[0].length;
    return Number(match[0]);
  };
  const parseLiteral = <T extends JsonValue>(word: string, value: T): T => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return value;
    }
    return fail('unexpected token');
  };
  const parseValue = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
    skipSpace();
    const c = text[i];
    if (c === '{') {
      i++;
      const object: JsonObject = new Map();
      skipSpace();
      if (text[i] === '}') {
        i++;
        return object;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail('expected a string key');
        const keyOffset = i;
        const key = parseString();
        if (object.has(key)) throw new JsonSyntaxError(`duplicate key ${JSON.stringify(key)}`, keyOffset);
        skipSpace();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        object.set(key, parseValue(depth + 1));
        skipSpace();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return object;
        } else fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const array: JsonValue[] = [];
      skipSpace();
      if (text[i] === ']') {
        i++;
        return array;
      }
      for (;;) {
        array.push(parseValue(depth + 1));
        skipSpace();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return array;
        } else fail("expected ',' or ']'");
      }
    }
    if (c === '"') return parseString();
    if (c === 't') return parseLiteral('true', true);
    if (c === 'f') return parseLiteral('false', false);
    if (c === 'n') return parseLiteral('null', null);
    if (c === '-' || (c >= '0' && c <= '9')) return parseNumber();
    return fail(i >= text.length ? 'unexpected end of input' : 'unexpected token');
  };
  const value = parseValue(0);
  skipSpace();
  if (i !== text.length) fail('unexpected content after the JSON value');
  return value;
}
