import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvFormatError, DataSourceError, DatasetArgumentError, parsePlaygroundCsv } from '../src/index.js';
import { loadPlaygroundCsv } from '../src/node.js';

describe('parsePlaygroundCsv', () => {
  it('parses rows with an optional header, CRLF and blank lines', () => {
    const d = parsePlaygroundCsv('x1,x2,label\r\n1.5, -2, 1\r\n\r\n0,3e-1,-1\n');
    expect(d.length).toBe(2);
    expect(Array.from(d.x.data)).toEqual([1.5, -2, 0, Math.fround(0.3)]);
    expect(Array.from(d.y.data)).toEqual([1, -1]);
    expect(parsePlaygroundCsv('4,5,0.25').y.data[0]).toBe(0.25);
  });

  const bad: [string, number, RegExp][] = [
    ['x1,x2,label\n1,2,1\n1,2\n', 3, /line 3: expected 3 fields \(x1,x2,label\), found 2 in '1,2'/],
    ['1,2,1,4', 1, /line 1: expected 3 fields/],
    ['1,2,1\n\n1,abc,1', 3, /line 3: x2 'abc' is not a finite number/],
    ['1,2,', 1, /line 1: label '' is not a finite number/],
    ['1,2,NaN', 1, /label 'NaN' is not a finite number/],
    ['Infinity,2,1', 1, /x1 'Infinity' is not a finite number/],
    ['x1,x2,label\n', 2, /no data rows/],
    ['a,b,c\n1,2,3', 1, /line 1: x1 'a' is not a finite number/],
  ];
  for (const [text, line, message] of bad) {
    it(`rejects ${JSON.stringify(text)} naming line ${line}`, () => {
      let caught: unknown;
      try {
        parsePlaygroundCsv(text, 'data.csv');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(CsvFormatError);
      expect((caught as CsvFormatError).line).toBe(line);
      expect((caught as Error).message).toMatch(message);
      expect((caught as Error).message).toContain("CSV 'data.csv'");
    });
  }
});

describe('loadPlaygroundCsv', () => {
  it('reads a file and names it in errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-csv-'));
    writeFileSync(join(dir, 'ok.csv'), 'x1,x2,label\n1,2,1\n');
    writeFileSync(join(dir, 'bad.csv'), '1,2,1\n1,2,x\n');
    expect((await loadPlaygroundCsv(join(dir, 'ok.csv'))).length).toBe(1);
    await expect(loadPlaygroundCsv(join(dir, 'bad.csv'))).rejects.toThrow(/bad.csv' line 2: label 'x'/);
    await expect(loadPlaygroundCsv(join(dir, 'missing.csv'))).rejects.toThrow(DataSourceError);
  });
});

describe('parsePlaygroundCsv strictness', () => {
  it.each([
    ['0x10,1,1', /x1 '0x10' is not a finite number/],
    ['1,0b11,1', /x2 '0b11' is not a finite number/],
    ['1,2,0o7', /label '0o7' is not a finite number/],
    ['1,2,1_0', /label '1_0' is not a finite number/],
    ['1e39,2,1', /x1 '1e39' is not a finite number in float32/],
    ['1,-4e38,1', /x2 '-4e38' is not a finite number in float32/],
    ['1,2,"1"', /label '"1"' is not a finite number/],
    ['1,2,.', /label '.' is not a finite number/],
    ['1,2,+', /label '\+' is not a finite number/],
  ])('rejects %j', (text, message) => {
    expect(() => parsePlaygroundCsv(text, 'data.csv')).toThrow(CsvFormatError);
    expect(() => parsePlaygroundCsv(text, 'data.csv')).toThrow(message);
  });

  it('accepts every decimal spelling Number() reads the same way', () => {
    const d = parsePlaygroundCsv('+1.,.5,-2E+1\n007,1e-3,3.4e38');
    expect(Array.from(d.x.data)).toEqual([1, 0.5, 7, Math.fround(1e-3)]);
    expect(Array.from(d.y.data)).toEqual([-20, Math.fround(3.4e38)]);
  });

  it('checks labels against the kind asked for, naming the line', () => {
    expect(Array.from(parsePlaygroundCsv('1,2,-1\n3,4,1', 'a.csv', { labels: 'sign' }).y.data)).toEqual([-1, 1]);
    expect(() => parsePlaygroundCsv('1,2,-1\n3,4,0', 'a.csv', { labels: 'sign' })).toThrow(/line 2: label '0' must be -1 or 1/);
    expect(Array.from(parsePlaygroundCsv('1,2,0\n3,4,2', 'a.csv', { labels: 'class', numClasses: 3 }).y.data)).toEqual([0, 2]);
    expect(() => parsePlaygroundCsv('1,2,3', 'a.csv', { labels: 'class', numClasses: 3 })).toThrow(/line 1: label '3' must be a class id 0..2/);
    expect(() => parsePlaygroundCsv('1,2,1.5', 'a.csv', { labels: 'class', numClasses: 3 })).toThrow(CsvFormatError);
    expect(() => parsePlaygroundCsv('1,2,-1', 'a.csv', { labels: 'class', numClasses: 3 })).toThrow(CsvFormatError);
    expect(() => parsePlaygroundCsv('1,2,1', 'a.csv', { labels: 'class' })).toThrow(DatasetArgumentError);
  });
});
