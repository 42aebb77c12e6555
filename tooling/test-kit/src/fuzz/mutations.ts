/** Byte- and text-level mutations the fuzz tests apply to valid files. */
import fc from 'fast-check';

/** One edit of a byte array. */
export type ByteMutation =
  | { readonly kind: 'flip'; readonly at: number; readonly value: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly count: number };

/** A random byte edit; positions are fractions of the length, so they fit any input. */
export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 9 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 9 }) }),
);

/** `bytes` with the edits applied in order. */
export function mutateBytes(bytes: Uint8Array, edits: readonly ByteMutation[]): Uint8Array {
  let out = bytes.slice();
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % (out.length + 1);
    if (e.kind === 'flip' && out.length > 0) out[at % out.length] = e.value;
    else if (e.kind === 'truncate') out = out.slice(0, at);
    else if (e.kind === 'insert') out = Uint8Array.from([...out.subarray(0, at), ...e.bytes, ...out.subarray(at)]);
    else if (e.kind === 'delete') out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + e.count)]);
  }
  return out;
}

/** One edit of a JSON text aimed at the rules strict readers enforce. */
export type TextMutation = { readonly kind: 'number' | 'string' | 'char' | 'delete'; readonly which: number; readonly variant: number };

/** A random text edit. */
export const textMutation: fc.Arbitrary<TextMutation> = fc.record({
  kind: fc.constantFrom('number' as const, 'string' as const, 'char' as const, 'delete' as const),
  which: fc.nat(),
  variant: fc.nat(),
});

const NUMBER_VARIANTS = [(n: string) => `${n}.0`, (n: string) => `${n}e0`, (n: string) => `${n}E+0`, (n: string) => `-${n}`, () => '-0',
  (n: string) => String(Number(n) + 1), (n: string) => String(Math.max(0, Number(n) - 1)), () => '1e999', () => '9007199254740993', (n: string) => `0${n}`, () => '"2"', () => 'null'];
const STRING_VARIANTS = ['toString', '__proto__', 'constructor', '__metadata__', 'F16', 'I64', 'BOOL', 'U8', '\\ud800', 'a\\udfff', '\\ud83d\\ude00', '\\u0000', 'dtype', 'shape', 'data_offsets', ''];
const CHARS = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '0', '.', 'e', '-', '\u00e9', '\n'];

/** `text` with one edit: a number literal respelled, a string replaced, a character inserted or deleted. */
export function mutateText(text: string, m: TextMutation): string {
  if (m.kind === 'number' || m.kind === 'string') {
    const pattern = m.kind === 'number' ? /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g : /"(?:[^"\\]|\\.)*"/g;
    const found = [...text.matchAll(pattern)];
    if (found.length === 0) return text;
    const hit = found[m.which % found.length];
    const replacement = m.kind === 'number'
      ? NUMBER_VARIANTS[m.variant % NUMBER_VARIANTS.length](hit[0])
      : `"${STRING_VARIANTS[m.variant % STRING_VARIANTS.length]}"`;
    return text.slice(0, hit.index) + replacement + text.slice((hit.index ?? 0) + hit[0].length);
  }
  const at = m.which % (text.length + 1);
  if (m.kind === 'char') return text.slice(0, at) + CHARS[m.variant % CHARS.length] + text.slice(at);
  return text.slice(0, at) + text.slice(at + 1 + (m.variant % 3));
}
