/**
 * Fuzz: parsePlaygroundCsv against a reference model of the `x1,x2,label` format, on generated
 * files (every number spelling, spacing, line ending, header and label kind) and on text edits of
 * them. Every input parses to the reference's values or is refused by both, at the same line,
 * the parser with a CsvFormatError.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CsvFormatError, parsePlaygroundCsv, type PlaygroundCsvOptions } from '../../src/index.js';
import { RANDOM_SEED, fuzz } from '@nabla/test-kit/fuzz';

// bounded by the number of runs, not by time; a loaded CI machine may need the room
vi.setConfig({ testTimeout: 120_000 });

class RefReject extends Error {
  constructor(readonly line: number) {
    super(`line ${line}`);
  }
}

/** A decimal literal, checked character by character: [+-] digits [. digits] [(e|E) [+-] digits], with at least one mantissa digit. */
function isDecimal(s: string): boolean {
  let i = 0;
  const digits = () => {
    const start = i;
    while (i < s.length && s[i] >= '0' && s[i] <= '9') i++;
    return i - start;
  };
  if (s[i] === '+' || s[i] === '-') i++;
  let mantissa = digits();
  if (s[i] === '.') {
    i++;
    mantissa += digits();
  }
  if (mantissa === 0) return false;
  if (s[i] === 'e' || s[i] === 'E') {
    i++;
    if (s[i] === '+' || s[i] === '-') i++;
    if (digits() === 0) return false;
  }
  return i === s.length;
}

/** The reference: rows of x1, x2, label as float32, or a RefReject naming the line. */
function refParse(text: string, options: PlaygroundCsvOptions): { x: number[]; y: number[] } {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const x: number[] = [];
  const y: number[] = [];
  let first = true;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    if (first) {
      first = false;
      const names = line.split(',').map((f) => f.trim().toLowerCase());
      // the header: the three names, with any whitespace (none inside a name) around the commas
      if (names.join() === 'x1,x2,label' && !/\s/.test(line.split(',').map((f) => f.trim()).join(''))) return;
    }
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length !== 3 || !fields.every(isDecimal)) throw new RefReject(index + 1);
    const values = fields.map((f) => Math.fround(Number(f)));
    if (!values.every(Number.isFinite)) throw new RefReject(index + 1);
    const label = Number(fields[2]);
    if (options.labels === 'sign' && label !== 1 && label !== -1) throw new RefReject(index + 1);
    if (options.labels === 'class' && !(Number.isInteger(label) && label >= 0 && label < (options.numClasses ?? 0))) throw new RefReject(index + 1);
    x.push(values[0], values[1]);
    y.push(values[2]);
  });
  if (y.length === 0) throw new RefReject(lines.length);
  return { x, y };
}

function agree(text: string, options: PlaygroundCsvOptions): 'read' | 'refused' {
  let reference: { x: number[]; y: number[] } | RefReject;
  try {
    reference = refParse(text, options);
  } catch (err) {
    if (!(err instanceof RefReject)) throw err;
    reference = err;
  }
  let got: { x: number[]; y: number[] } | CsvFormatError;
  try {
    const d = parsePlaygroundCsv(text, 'fuzz.csv', options);
    got = { x: Array.from(d.x.data), y: Array.from(d.y.data) };
  } catch (err) {
    if (!(err instanceof CsvFormatError)) throw new Error(`not a CsvFormatError: ${String(err)}`, { cause: err });
    got = err;
  }
  if (reference instanceof RefReject) {
    expect(got, 'the reference refuses this input but the parser accepted it').toBeInstanceOf(CsvFormatError);
    expect((got as CsvFormatError).line, 'the line of the first problem').toBe(reference.line);
    return 'refused';
  }
  expect(got, 'the reference reads this input but the parser refused it').not.toBeInstanceOf(CsvFormatError);
  expect(got).toEqual(reference);
  return 'read';
}

const labelOptions = fc.constantFrom<PlaygroundCsvOptions>({}, { labels: 'real' }, { labels: 'sign' }, { labels: 'class', numClasses: 3 });

/** A number in one of the spellings CSV writers produce. */
const spelled = fc.tuple(fc.double({ min: -1e30, max: 1e30, noNaN: true }), fc.nat(5)).map(([v, style]) => {
  switch (style) {
    case 0: return String(v);
    case 1: return v.toExponential(3);
    case 2: return Math.abs(v) < 1e20 ? v.toFixed(2) : String(v);
    case 3: return v >= 0 ? `+${v}` : String(v);
    case 4: return String(Math.round(v) % 5);
    default: return String(Math.trunc(v) % 3 - 1);
  }
});

const csvText = fc.record({
  header: fc.constantFrom('', 'x1,x2,label', 'X1 , x2,LABEL', 'x1,x2,label,extra', ' x1,x2,label '),
  rows: fc.array(fc.tuple(spelled, spelled, spelled, fc.constantFrom('', ' ', '\t')), { maxLength: 6 }),
  eol: fc.constantFrom('\n', '\r\n'),
  blank: fc.nat(3),
}).map(({ header, rows, eol, blank }) => {
  const lines = rows.map(([a, b, c, sp]) => [a, b, c].join(`${sp},${sp}`));
  lines.splice(Math.min(blank, lines.length), 0, '');
  return (header ? [header, ...lines] : lines).join(eol) + (blank % 2 ? eol : '');
});

const EDITS = [',', '\n', '\r', ' ', 'x', '0x1', 'e', '.', '-', '+', 'Infinity', 'NaN', '\u00a0', '\ufeff', '1e39', '_', 'é', '"', '0b1', '5', '\u2028'];
const textEdit = fc.record({ at: fc.nat(), insert: fc.constantFrom(...EDITS), remove: fc.nat(2) });

describe(`parsePlaygroundCsv fuzz (random seed ${RANDOM_SEED})`, () => {
  it('agrees with the reference on generated files', () => {
    fuzz(fc.property(csvText, labelOptions, (text, options) => {
      agree(text, options);
    }), 300);
  });

  it('agrees with the reference on edited files', () => {
    const outcomes = { read: 0, refused: 0 };
    fuzz(fc.property(csvText, labelOptions, fc.array(textEdit, { minLength: 1, maxLength: 3 }), (text, options, edits) => {
      const edited = edits.reduce((t, e) => {
        const at = e.at % (t.length + 1);
        return t.slice(0, at) + e.insert + t.slice(at + e.remove);
      }, text);
      outcomes[agree(edited, options)]++;
    }), 400);
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
