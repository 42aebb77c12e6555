/** Read an uploaded CSV into custom points, checking labels against the problem type. */
import { parsePlaygroundCsv } from '@nabla/datasets';
import type { CustomPoint, ProblemType } from '../state/state.js';

/** A CSV whose labels do not suit the problem type. */
export class CsvLabelError extends Error {
  override readonly name = 'CsvLabelError';
}

/**
 * Parse `x1,x2,label` text. Classification labels must be −1/+1 (or 0/1) for two classes or
 * class ids 0..K−1 (K ≤ 5); regression labels may be any finite number.
 * @throws CsvFormatError from @nabla/datasets, or CsvLabelError.
 */
export function readCustomCsv(text: string, fileName: string, problem: ProblemType): CustomPoint[] {
  const data = parsePlaygroundCsv(text, fileName);
  const points: CustomPoint[] = [];
  for (let i = 0; i < data.length; i++) {
    points.push({ x: data.x.data[2 * i], y: data.x.data[2 * i + 1], label: data.y.data[i] });
  }
  if (problem === 'classification') {
    const bad = points.findIndex((p) => !Number.isInteger(p.label) || p.label < -1 || p.label > 4);
    if (bad >= 0) {
      throw new CsvLabelError(`${fileName}: row ${bad + 1} has label ${points[bad].label}; classification labels must be −1/1 or class ids 0–4`);
    }
    const multi = points.some((p) => p.label >= 2);
    if (multi && points.some((p) => p.label < 0)) throw new CsvLabelError(`${fileName}: mixes label −1 with class ids ≥ 2`);
    if (!multi) return points.map((p) => ({ ...p, label: p.label > 0 ? 1 : -1 }));
  }
  return points;
}
