/** A LineSink that appends lines to a file (for MetricsLog and GradientNormLog in Node). */
import { appendFile } from 'node:fs/promises';
import type { LineSink } from '../callbacks/metrics-log.js';

/** Append each line (plus '\n') to `path`. */
export function appendLines(path: string): LineSink {
  return (line) => appendFile(path, `${line}\n`);
}
