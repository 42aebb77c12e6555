import { CsvFormatError, DatasetArgumentError } from '../errors.js';
import { dataset2D, type Dataset2D } from './dataset-2d.js';

/** What the label column may hold. */
export type CsvLabels =
  /** Any number finite in float32 (regression); the default. */
  | 'real'
  /** −1 or 1 (the playground's two classes). */
  | 'sign'
  /** Integer class ids 0..numClasses−1. */
  | 'class';

/** Options for {@link parsePlaygroundCsv}. */
export interface PlaygroundCsvOptions {
  /** Which labels are valid; default `'real'`. */
  readonly labels?: CsvLabels;
  /** Number of classes when `labels` is `'class'` (required then). */
  readonly numClasses?: number;
}

/** A decimal number as CSV files write it: optional sign, digits with an optional fraction, optional exponent. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const COLUMNS = ['x1', 'x2', 'label'];

function parseField(raw: string, col: number, source: string, lineNo: number): number {
  const field = raw.trim();
  if (!DECIMAL.test(field)) {
    throw new CsvFormatError(source, lineNo, `${COLUMNS[col]} '${field}' is not a finite number${field === '' ? '' : ' (decimal digits, optional sign, fraction and exponent)'}`);
  }
  const value = Number(field);
  // values that round to ±Infinity in float32 (the stored type) are out of range, not silently infinite
  if (!Number.isFinite(Math.fround(value))) {
    throw new CsvFormatError(source, lineNo, `${COLUMNS[col]} '${field}' is not a finite number in float32 (|value| > 3.4e38)`);
  }
  return value;
}

function checkLabel(label: number, options: PlaygroundCsvOptions, source: string, lineNo: number, field: string): void {
  const kind = options.labels ?? 'real';
  if (kind === 'sign' && label !== 1 && label !== -1) {
    throw new CsvFormatError(source, lineNo, `label '${field}' must be -1 or 1`);
  }
  if (kind === 'class') {
    const k = options.numClasses as number;
    if (!Number.isInteger(label) || label < 0 || label >= k) {
      throw new CsvFormatError(source, lineNo, `label '${field}' must be a class id 0..${k - 1}`);
    }
  }
}

function checkOptions(options: PlaygroundCsvOptions): void {
  const kind = options.labels ?? 'real';
  if (kind !== 'real' && kind !== 'sign' && kind !== 'class') {
    throw new DatasetArgumentError('parsePlaygroundCsv', `labels must be 'real', 'sign' or 'class', got ${JSON.stringify(kind)}`);
  }
  if (kind === 'class' && (!Number.isInteger(options.numClasses) || (options.numClasses as number) < 1)) {
    throw new DatasetArgumentError('parsePlaygroundCsv', `labels 'class' needs numClasses, a positive integer; got ${String(options.numClasses)}`);
  }
}

/**
 * Parse `x1,x2,label` rows (optional header line `x1,x2,label`, blank lines ignored, CRLF ok).
 * Every row must have exactly three decimal numbers finite in float32 (no `0x10`, `Infinity` or
 * `1e39`); labels must also suit `options.labels` (any real by default, ±1, or class ids).
 * @throws CsvFormatError naming the line number and what is wrong.
 */
export function parsePlaygroundCsv(text: string, sourceName = '<string>', options: PlaygroundCsvOptions = {}): Dataset2D {
  checkOptions(options);
  const xs: number[] = [];
  const ys: number[] = [];
  const labels: number[] = [];
  const lines = text.split(/\r?\n/);
  let sawContent = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line === '') continue;
    const lineNo = index + 1;
    if (!sawContent) {
      sawContent = true;
      if (/^x1\s*,\s*x2\s*,\s*label$/i.test(line)) continue;
    }
    const fields = line.split(',');
    if (fields.length !== 3) {
      throw new CsvFormatError(sourceName, lineNo, `expected 3 fields (x1,x2,label), found ${fields.length} in '${line}'`);
    }
    const values = fields.map((raw, col) => parseField(raw, col, sourceName, lineNo));
    checkLabel(values[2], options, sourceName, lineNo, fields[2].trim());
    xs.push(values[0]);
    ys.push(values[1]);
    labels.push(values[2]);
  }
  if (labels.length === 0) throw new CsvFormatError(sourceName, lines.length, 'no data rows');
  return dataset2D(xs, ys, labels);
}
