/**
 * A reference JSON reader for the fuzz tests, written apart from the library's parser: RFC 8259
 * grammar, plus the strict rules the formats ask for — no duplicate keys, no lone surrogates,
 * depth ≤ 64 — and every number kept with its spelling so readers can demand integer literals.
 */

/** A JSON value with numbers as their literal text. */
export type RefJson =
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'array'; readonly items: RefJson[] }
  | { readonly kind: 'object'; readonly entries: [string, RefJson][] };

/** Thrown for text the reference does not accept. */
export class RefReject extends Error {}

const WS = new Set([' ', '\t', '\n', '\r']);

function wellFormed(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(k + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      k++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/** Parse `text` as exactly one JSON value (surrounding whitespace allowed). */
export function refParseJson(text: string): RefJson {
  let at = 0;
  const reject = (why: string): never => {
    throw new RefReject(`${why} at ${at}`);
  };
  const ws = () => {
    while (at < text.length && WS.has(text[at])) at++;
  };
  const str = (): string => {
    let out = '';
    at++;
    for (;;) {
      if (at >= text.length) reject('unterminated string');
      const c = text[at];
      if (c === '"') {
        at++;
        break;
      }
      if (c.charCodeAt(0) < 0x20) reject('control character');
      if (c !== '\\') {
        out += c;
        at++;
        continue;
      }
      const e = text[at + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        at += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
        out += String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
        at += 6;
      } else reject('bad escape');
    }
    if (!wellFormed(out)) reject('lone surrogate');
    return out;
  };
  const value = (depth: number): RefJson => {
    if (depth > 64) reject('too deep');
    ws();
    const c = text[at];
    if (c === '{') {
      at++;
      const entries: [string, RefJson][] = [];
      ws();
      if (text[at] === '}') {
        at++;
        return { kind: 'object', entries };
      }
      for (;;) {
        ws();
        if (text[at] !== '"') reject('key expected');
        const k = str();
        if (entries.some(([seen]) => seen === k)) reject('duplicate key');
        ws();
        if (text[at] !== ':') reject("':' expected");
        at++;
        entries.push([k, value(depth + 1)]);
        ws();
        if (text[at] === ',') at++;
        else if (text[at] === '}') {
          at++;
          return { kind: 'object', entries };
        } else reject("',' or '}' expected");
      }
    }
    if (c === '[') {
      at++;
      const items: RefJson[] = [];
      ws();
      if (text[at] === ']') {
        at++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[at] === ',') at++;
        else if (text[at] === ']') {
          at++;
          return { kind: 'array', items };
        } else reject("',' or ']' expected");
      }
    }
    if (c === '"') return { kind: 'string', value: str() };
    for (const [word, v] of [['true', { kind: 'bool', value: true }], ['false', { kind: 'bool', value: false }], ['null', { kind: 'null' }]] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return v;
      }
    }
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/.exec(text.slice(at));
    if (m) {
      at += m[0].length;
      return { kind: 'number', text: m[0] };
    }
    return reject('value expected');
  };
  const v = value(0);
  ws();
  if (at !== text.length) reject('trailing text');
  return v;
}

/** The value of an unsigned decimal integer literal (no sign, fraction or exponent) below 2^53, or undefined. */
export function refIndex(v: RefJson | undefined): number | undefined {
  if (v?.kind !== 'number' || !/^(0|[1-9][0-9]*)$/.test(v.text)) return undefined;
  const n = Number(v.text);
  return n <= Number.MAX_SAFE_INTEGER ? n : undefined;
}
