/**
 * `nabla-lm export --onnx`: train tiny window, LSTM and GRU runs with the real CLI, export them, run the
 * files in ONNX Runtime from int64 token ids and compare every output with the restored Nabla model's
 * (1e-4); the recurrent ones also generate six tokens step by step, the state fed back each step.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@nabla/autograd';
import { activateBackend } from '@nabla/cli-kit';
import { Rng, argmax, randint, tensor, zeros, type Tensor } from '@nabla/tensor-core';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';
import { loadRun } from '../src/run-files.js';
import { RecurrentLM, type RecurrentState } from '../src/models/recurrent-lm.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-lm-export-'));

const small = ['--backend', 'js', '--limit-chars', '3000', '--embedding', '6', '--hidden', '10', '--batch-size', '8', '--seq-length', '6', '--epochs', '1', '--max-steps', '3'];

/** ONNX Runtime's int64 token feed. */
function int64Tokens(t: Tensor): OrtTensor {
  return new OrtTensor('int64', BigInt64Array.from(t.dataSync() as Int32Array, (v) => BigInt(v)), [...t.shape]);
}

function float32(t: Tensor): OrtTensor {
  return new OrtTensor('float32', t.dataSync() as Float32Array, [...t.shape]);
}

/** max |got − want| / max(1, max |want|). */
function relativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  const scale = Math.max(1, ...Array.from(want, Math.abs));
  return Math.max(...Array.from(want, (v, i) => Math.abs(got[i] - v))) / scale;
}

describe('nabla-lm export --onnx', () => {
  for (const [kind, level] of [['window', 'word'], ['lstm', 'char'], ['gru', 'char']] as const) {
    it.concurrent(`${kind}: ONNX Runtime gives Nabla's outputs from int64 tokens${kind === 'window' ? '' : ', and generates step by step with the state'}`, async () => {
      const out = join(root, kind);
      const trained = await cli('train', '--model', kind, '--level', level, ...small, '--out', out);
      expect(trained.code, trained.stderr).toBe(0);
      const path = join(out, 'model.onnx');
      const exported = await cli('export', '--onnx', path, '--backend', 'js', '--out', out);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toMatch({
        lstm: /inputs 'tokens' \[batch, sequence\] int64, 'h0' \[1, batch, 10\] float32, 'c0' \[1, batch, 10\] float32 → 'logits' \[batch\*sequence, \d+\] float32, 'hN' \[1, batch, 10\] float32, 'cN' \[1, batch, 10\] float32/,
        gru: /inputs 'tokens' \[batch, sequence\] int64, 'h0' \[1, batch, 10\] float32 → 'logits' \[batch\*sequence, \d+\] float32, 'hN' \[1, batch, 10\] float32$/m,
        window: /inputs 'tokens' \[batch, 4\] int64 → 'logits' \[batch, \d+\] float32$/m,
      }[kind]);

      await activateBackend('js');
      const run = await loadRun(out, 'best');
      const session = await InferenceSession.create(path);
      const model = run.model;
      if (!(model instanceof RecurrentLM)) {
        for (const batch of [1, 3]) {
          const tokens = randint(0, run.config.architecture.vocabSize, [batch, 4], { rng: new Rng(8) });
          const result = await session.run({ tokens: int64Tokens(tokens) });
          expect(result.logits.dims).toEqual([batch, run.config.architecture.vocabSize]);
          expect(relativeError(result.logits.data as Float32Array, model.forward(tokens).dataSync() as Float32Array)).toBeLessThanOrEqual(1e-4);
        }
        await session.release();
        return;
      }
      const lstm = kind === 'lstm';
      const zeroState = (batch: number): Tensor => zeros([1, batch, 10]);
      const stateFeeds = (h: Tensor, c: Tensor | undefined): Record<string, OrtTensor> => ({ h0: float32(h), ...(lstm && c ? { c0: float32(c) } : {}) });
      // whole sequences from a zero state, at two batch sizes and lengths
      for (const [batch, steps] of [[1, 7], [3, 2]]) {
        const tokens = randint(0, run.config.architecture.vocabSize, [batch, steps], { rng: new Rng(8) });
        const expected = model.forward(tokens, { h: zeroState(batch), ...(lstm ? { c: zeroState(batch) } : {}) });
        const result = await session.run({ tokens: int64Tokens(tokens), ...stateFeeds(zeroState(batch), zeroState(batch)) });
        expect(result.logits.dims).toEqual(expected.logits.shape);
        expect(relativeError(result.logits.data as Float32Array, expected.logits.dataSync() as Float32Array), `logits at [${batch}, ${steps}]`).toBeLessThanOrEqual(1e-4);
        expect(relativeError(result.hN.data as Float32Array, expected.state.h.dataSync() as Float32Array)).toBeLessThanOrEqual(1e-4);
        if (lstm) expect(relativeError(result.cN.data as Float32Array, (expected.state.c as Tensor).dataSync() as Float32Array)).toBeLessThanOrEqual(1e-4);
      }
      // greedy generation, one token per run, the state carried from each step's outputs to the next inputs
      let ortFeeds = stateFeeds(zeroState(2), zeroState(2));
      let state: RecurrentState = { h: zeroState(2), ...(lstm ? { c: zeroState(2) } : {}) };
      let ids = [1, 2];
      const generated: number[][] = [];
      for (let step = 0; step < 6; step++) {
        const tokens = tensor(ids, [2, 1], 'int32');
        const result = await session.run({ tokens: int64Tokens(tokens), ...ortFeeds });
        const nabla = model.forward(tokens, state);
        expect(relativeError(result.logits.data as Float32Array, nabla.logits.dataSync() as Float32Array), `logits at step ${step}`).toBeLessThanOrEqual(1e-4);
        ids = Array.from(argmax(nabla.logits, 1).dataSync());
        const ortIds = [0, 1].map((row) => {
          const v = (result.logits.data as Float32Array).subarray(row * nabla.logits.shape[1], (row + 1) * nabla.logits.shape[1]);
          return v.indexOf(Math.max(...v));
        });
        expect(ortIds).toEqual(ids);
        generated.push(ids);
        ortFeeds = { h0: result.hN, ...(lstm ? { c0: result.cN } : {}) };
        state = nabla.state;
      }
      expect(generated).toHaveLength(6);
      await session.release();
    }, 250_000);
  }

  it('asks for the file to write', async () => {
    const r = await cli('export', '--backend', 'js', '--out', join(root, 'none'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/export needs the file to write: pnpm lm export --onnx model.onnx/);
  }, 60_000);
});
