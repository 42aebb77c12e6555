import { DatasetArgumentError } from '../errors.js';
import { allocBatchArray, isFloatArray } from './batch-dtype.js';
import type { HostBatch, Sample, SampleValue } from './dataset.js';
import { isNumericArray, shapeSize } from './host-array.js';

interface FieldLayout {
  readonly shape: readonly number[];
  readonly size: number;
  readonly floating: boolean;
}

function layoutOf(value: SampleValue): FieldLayout {
  if (typeof value === 'number') return { shape: [], size: 1, floating: !Number.isInteger(value) };
  if (isNumericArray(value) || Array.isArray(value)) {
    const data = value as ArrayLike<number>;
    return { shape: [data.length], size: data.length, floating: isFloatArray(value as Float32Array) };
  }
  const host = value as { data: ArrayLike<number> & object; shape: readonly number[] };
  return { shape: [...host.shape], size: shapeSize(host.shape), floating: isFloatArray(host.data as Float32Array) };
}

function valuesOf(value: SampleValue): ArrayLike<number> {
  if (typeof value === 'number') return [value];
  if (isNumericArray(value) || Array.isArray(value)) return value as ArrayLike<number>;
  return (value as { data: ArrayLike<number> }).data;
}

/**
 * Stack samples field by field into batch arrays `[B, ...sampleShape]`. Every sample must have
 * the same fields and per-field shapes. A field is float32 when any sample's value for it is a
 * float array or a non-integer number, otherwise int32.
 */
export function collate<K extends string>(samples: readonly Sample<K>[]): HostBatch<K> {
  if (samples.length === 0) throw new DatasetArgumentError('collate', 'no samples');
  const names = Object.keys(samples[0]) as K[];
  const out = {} as HostBatch<K>;
  for (const name of names) {
    const first = layoutOf(samples[0][name]);
    let floating = first.floating;
    samples.forEach((s, b) => {
      const v = s[name];
      if (v === undefined) throw new DatasetArgumentError('collate', `sample ${b} lacks field '${name}'`);
      const l = layoutOf(v);
      if (l.shape.length !== first.shape.length || l.shape.some((d, i) => d !== first.shape[i])) {
        throw new DatasetArgumentError('collate', `field '${name}' has shape [${l.shape.join(', ')}] in sample ${b} but [${first.shape.join(', ')}] in sample 0`);
      }
      floating ||= l.floating;
    });
    const buffer = allocBatchArray(floating, samples.length * first.size);
    samples.forEach((s, b) => {
      const values = valuesOf(s[name]);
      for (let j = 0; j < first.size; j++) buffer[b * first.size + j] = values[j];
    });
    out[name] = { data: buffer, shape: [samples.length, ...first.shape] };
  }
  return out;
}
