/**
 * `nabla-lm export --onnx`: train tiny window, LSTM and GRU runs with the real CLI, export them, run the
 * files in ONNX Runtime and compare every output with the restored Nabla model's (1e-4).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@nabla/autograd';
import { activateBackend } from '@nabla/cli-kit';
import { Rng, isTensor, randint, type Tensor } from '@nabla/tensor-core';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';
import { loadRun } from '../src/run-files.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-lm-export-'));

/** Nabla's outputs by ONNX name: `logits`, `state.h`, `state.c`. */
function flatten(value: unknown, name: string, into: Record<string, Tensor>): Record<string, Tensor> {
  if (isTensor(value)) into[name || 'logits'] = value;
  else for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, name ? `${name}.${k}` : k, into);
  return into;
}

const small = ['--backend', 'js', '--limit-chars', '3000', '--embedding', '6', '--hidden', '10', '--batch-size', '8', '--seq-length', '6', '--epochs', '1', '--max-steps', '3'];

describe('nabla-lm export --onnx', () => {
  for (const [kind, level] of [['window', 'word'], ['lstm', 'char'], ['gru', 'char']] as const) {
    it.concurrent(`${kind}: ONNX Runtime gives Nabla's outputs`, async () => {
      const out = join(root, kind);
      const trained = await cli('train', '--model', kind, '--level', level, ...small, '--out', out);
      expect(trained.code, trained.stderr).toBe(0);
      const path = join(out, 'model.onnx');
      const exported = await cli('export', '--onnx', path, '--backend', 'js', '--out', out);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toMatch({
        lstm: /input 'tokens' \[batch, sequence\] int32 → 'logits' \[batch\*sequence, \d+\], 'state.h' \[1, batch, 10\], 'state.c' \[1, batch, 10\]/,
        gru: /input 'tokens' \[batch, sequence\] int32 → 'logits' \[batch\*sequence, \d+\], 'state.h' \[1, batch, 10\]$/m,
        window: /input 'tokens' \[batch, 4\] int32 → 'logits' \[batch, \d+\]$/m,
      }[kind]);

      await activateBackend('js');
      const run = await loadRun(out, 'best');
      const session = await InferenceSession.create(path);
      for (const [batch, steps] of [[1, 7], [3, 2]]) {
        const tokens = randint(0, run.config.architecture.vocabSize, [batch, kind === 'window' ? 4 : steps], { rng: new Rng(8) });
        const expected = flatten((run.model.forward as (t: Tensor) => unknown)(tokens), '', {});
        const result = await session.run({ tokens: new OrtTensor('int32', tokens.dataSync() as Int32Array, [...tokens.shape]) });
        expect(Object.keys(result).sort()).toEqual(Object.keys(expected).sort());
        for (const [name, t] of Object.entries(expected)) {
          expect(result[name].dims).toEqual(t.shape);
          const want = t.dataSync() as Float32Array;
          const got = result[name].data as Float32Array;
          const scale = Math.max(1, ...Array.from(want, Math.abs));
          const err = Math.max(...Array.from(want, (v, i) => Math.abs(got[i] - v)));
          expect(err / scale, `${name} at [${tokens.shape.join(', ')}]`).toBeLessThanOrEqual(1e-4);
        }
      }
      await session.release();
    }, 250_000);
  }

  it('asks for the file to write', async () => {
    const r = await cli('export', '--backend', 'js', '--out', join(root, 'none'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/export needs the file to write: pnpm lm export --onnx model.onnx/);
  }, 60_000);
});
