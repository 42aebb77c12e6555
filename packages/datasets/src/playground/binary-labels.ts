import { DatasetArgumentError } from '../errors.js';

/** Map playground labels ±1 to 0/1 (−1 → 0, +1 → 1); any other value is an error. */
export function signLabelsToBinary(labels: Float32Array): Float32Array {
  const out = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v === 1) out[i] = 1;
    else if (v === -1) out[i] = 0;
    else throw new DatasetArgumentError('signLabelsToBinary', `label at index ${i} is ${v}, expected -1 or 1`);
  }
  return out;
}
