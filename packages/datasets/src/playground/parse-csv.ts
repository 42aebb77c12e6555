import { CsvFormatError } from '../errors.js';
import { dataset2D, type Dataset2D } from './dataset-2d.js';

/**
 * Parse `x1,x2,label` rows (optional header line `x1,x2,label`, blank lines ignored, CRLF ok).
 * Every row must have exactly three finite numbers.
 * @throws CsvFormatError naming the line number and what is wrong.
 */
export function parsePlaygroundCsv(text: string, sourceName = '<string>'): Dataset2D {
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
    const names = ['x1', 'x2', 'label'];
    const values = fields.map((raw, col) => {
      const field = raw.trim();
      const value = field === '' ? Number.NaN : Number(field);
      if (!Number.isFinite(value)) {
        throw new CsvFormatError(sourceName, lineNo, `${names[col]} '${field}' is not a finite number`);
      }
      return value;
    });
    xs.push(values[0]);
    ys.push(values[1]);
    labels.push(values[2]);
  }
  if (labels.length === 0) throw new CsvFormatError(sourceName, lines.length, 'no data rows');
  return dataset2D(xs, ys, labels);
}
