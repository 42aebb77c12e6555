/**
 * A JSON parser for untrusted headers. Unlike JSON.parse it rejects duplicate object keys (so a
 * tensor name cannot silently appear twice) and strings holding lone surrogates (not Unicode
 * text; serde_json, the reference safetensors parser, rejects them too), returns objects as Maps
 * (no prototype keys), keeps numbers written with a fraction or exponent apart from integer
 * literals (so `1.0` and `1e0` are not accepted where an integer is required), and bounds nesting depth.
 */

/** A number written with a fraction or an exponent, or `-0`: never an integer literal, whatever its value. */
export class JsonFloat {
  constructor(readonly value: number, readonly text: string) {}

  toJSON(): number {
    return this.value;
  }
}

/** A parsed JSON value; objects are Maps in key order; `number` only for integer literals. */
export type JsonValue = null | boolean | number | JsonFloat | string | JsonValue[] | JsonObject;

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
/** A JSON number literal, matched where the parser stands (sticky). */
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

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
    let value: string;
    if (simple) value = raw.slice(1, -1);
    else {
      try {
        value = JSON.parse(raw) as string;
      } catch {
        return fail('invalid escape in string');
      }
    }
    const lone = loneSurrogateAt(value);
    if (lone >= 0) throw new JsonSyntaxError(`lone surrogate U+${value.charCodeAt(lone).toString(16).toUpperCase()} in string`, start);
    return value;
  };
  const parseNumber = (): number | JsonFloat => {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) return fail('invalid number');
    i += match[0].length;
    const literal = match[0];
    const value = Number(literal);
    return match[2] !== undefined || match[3] !== undefined || Object.is(value, -0) ? new JsonFloat(value, literal) : value;
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

/** Index of the first UTF-16 surrogate without its partner in `s`, or -1 when `s` is well-formed. */
function loneSurrogateAt(s: string): number {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = s.charCodeAt(k + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) k++;
    else return k;
  }
  return -1;
}
