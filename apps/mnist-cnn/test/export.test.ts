/**
 * `nabla-mnist export --onnx`: train a tiny run with the real CLI, export it, run the file in ONNX
 * Runtime and compare its logits with the restored Nabla model's on the same images (1e-4).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@nabla/autograd';
import { activateBackend } from '@nabla/cli-kit';
import { Rng, rand } from '@nabla/tensor-core';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';
import { loadRun } from '../src/run-files.js';

const out = mkdtempSync(join(tmpdir(), 'nabla-mnist-export-'));

const tiny = ['--backend', 'js', '--channels', '2,4', '--hidden', '8', '--limit-train', '256', '--limit-test', '64', '--out', out];

describe('nabla-mnist export --onnx', () => {
  it('writes an ONNX file that ONNX Runtime runs to the same logits as Nabla', async () => {
    const trained = cli('train', '--epochs', '1', '--batch-size', '32', ...tiny);
    expect(trained.code, trained.stderr).toBe(0);
    const path = join(out, 'lenet.onnx');
    const exported = cli('export', '--onnx', path, ...tiny);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/wrote .*lenet\.onnx: ONNX opset 17, \d+ nodes, input 'image' \[batch, 1, 28, 28\] → output 'logits' \[batch, 10\]/);
    expect(existsSync(path)).toBe(true);

    await activateBackend('js');
    const run = await loadRun(out);
    const session = await InferenceSession.create(path);
    for (const batch of [1, 3]) {
      const images = rand([batch, 1, 28, 28], 0, 1, { rng: new Rng(4) });
      const expected = run.model.forward(images).dataSync();
      const result = await session.run({ image: new OrtTensor('float32', images.dataSync() as Float32Array, [batch, 1, 28, 28]) });
      const logits = result.logits;
      expect(logits.dims).toEqual([batch, 10]);
      const actual = logits.data as Float32Array;
      const scale = Math.max(1, ...Array.from(expected, Math.abs));
      const err = Math.max(...Array.from(expected, (v, i) => Math.abs(actual[i] - v)));
      expect(err / scale).toBeLessThanOrEqual(1e-4);
    }
    await session.release();
  }, 250_000);

  it('asks for the file and reports a missing run cleanly', () => {
    const noFile = cli('export', ...tiny);
    expect(noFile.code).not.toBe(0);
    expect(noFile.stderr).toMatch(/export needs the file to write: pnpm mnist export --onnx model.onnx/);
    const noRun = cli('export', '--onnx', join(out, 'x.onnx'), '--backend', 'js', '--out', join(out, 'missing'));
    expect(noRun.code).not.toBe(0);
    expect(noRun.stderr).toMatch(/no run in/);
  }, 120_000);
});
