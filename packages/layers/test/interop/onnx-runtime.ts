/** Test helpers: run ONNX bytes in ONNX Runtime (onnxruntime-node, CPU) and compare with Nabla. */
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { isTensor, type Tensor } from '@nabla/tensor-core';
import { expect } from 'vitest';

/** Run `bytes` in ONNX Runtime with `feeds` (Nabla tensors by input name); returns each output's values and dims. */
export async function runOrt(bytes: Uint8Array, feeds: Record<string, Tensor>): Promise<Record<string, { data: Float32Array | Int32Array; dims: readonly number[] }>> {
  const session = await InferenceSession.create(bytes);
  const ortFeeds: Record<string, OrtTensor> = {};
  for (const [name, t] of Object.entries(feeds)) {
    if (t.dtype === 'int32') ortFeeds[name] = new OrtTensor('int32', t.dataSync<'int32'>(), [...t.shape]);
    else if (t.dtype === 'float32') ortFeeds[name] = new OrtTensor('float32', t.dataSync<'float32'>(), [...t.shape]);
    else if (t.dtype === 'bool') ortFeeds[name] = new OrtTensor('bool', Uint8Array.from(t.dataSync<'bool'>()), [...t.shape]);
    else throw new Error(`runOrt: unsupported feed dtype ${t.dtype}`);
  }
  const results = await session.run(ortFeeds);
  await session.release();
  const out: Record<string, { data: Float32Array | Int32Array; dims: readonly number[] }> = {};
  for (const [name, r] of Object.entries(results)) out[name] = { data: r.data as Float32Array | Int32Array, dims: r.dims };
  return out;
}

/** max |a − b| / max(1, max |b|): the error relative to the reference's scale. */
export function relativeError(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  let scale = 1;
  let err = 0;
  for (let i = 0; i < reference.length; i++) {
    scale = Math.max(scale, Math.abs(reference[i]));
    err = Math.max(err, Math.abs(actual[i] - reference[i]));
  }
  if (actual.length !== reference.length) return Infinity;
  return err / scale;
}

/** Nabla's named outputs of a forward result (a tensor, or an object of tensors). */
export function nablaOutputs(result: unknown): Record<string, Tensor> {
  if (isTensor(result)) return { output: result };
  return result as Record<string, Tensor>;
}

/** Assert ONNX Runtime's outputs match Nabla's (same names, shapes, values within `tolerance` relative to scale). */
export async function expectOrtMatches(bytes: Uint8Array, feeds: Record<string, Tensor>, nabla: unknown, tolerance = 1e-4): Promise<void> {
  const ort = await runOrt(bytes, feeds);
  const expected = nablaOutputs(nabla);
  expect(Object.keys(ort).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, t] of Object.entries(expected)) {
    expect(ort[name].dims, `dims of '${name}'`).toEqual(t.shape);
    const err = relativeError(ort[name].data, t.dataSync() as ArrayLike<number>);
    expect(err, `relative error of '${name}'`).toBeLessThanOrEqual(tolerance);
  }
}
