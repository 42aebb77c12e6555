/**
 * The GPT end to end through the real CLI (child processes, js backend, the first 3000 characters
 * of Moby-Dick): train a tiny GPT for a few steps (the loss falls; warmup + cosine rates recorded),
 * resume it, generate with the KV cache (a seed gives the same text, top-k / top-p accepted),
 * eval, export to ONNX and compare the logits with ONNX Runtime; and the typed errors for bad
 * sizes.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@nabla/autograd';
import { activateBackend } from '@nabla/cli-kit';
import { Rng, randint } from '@nabla/tensor-core';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';
import { loadRun } from '../src/run-files.js';
import { prepareCorpus } from '../src/corpus.js';
import { meanNll } from '../src/evaluate.js';
import { GptLM } from '../src/models/gpt-lm.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-lm-gpt-'));
const tiny = ['--backend', 'js', '--limit-chars', '3000', '--layers', '2', '--heads', '2', '--embedding', '16', '--block-size', '16', '--batch-size', '8', '--lr', '0.01', '--warmup', '4'];
const history = (dir: string) => JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as { steps: { loss: number; lr: number }[]; epochs: { values: Record<string, number> }[] };

describe('nabla-lm --model gpt', () => {
  it('trains, resumes, generates, evaluates and exports to ONNX (checked in ONNX Runtime)', async () => {
    const out = join(root, 'gpt');
    const first = await cli('train', '--model', 'gpt', ...tiny, '--steps', '40', '--eval-every', '10', '--max-steps', '20', '--out', out);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/model: gpt: token \+ position embedding 16 \(block 16\) → 2 × pre-norm \[causal self-attention, 2 heads · MLP 64 GELU\]/);
    expect(first.stdout).toMatch(/adamw lr 0.01 \(warmup 4, cosine to 0.001 at step 40\)/);
    expect(first.stdout).toMatch(/step 20\/40: train loss [\d.]+ · validation ppl [\d.]+ · validation bpc [\d.]+/);
    const resumed = await cli('train', '--model', 'gpt', '--resume', '--out', out, '--backend', 'js');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/step 40\/40/);
    const h = history(out);
    [0, 0.0025, 0.005, 0.0075, 0.01].forEach((lr, i) => expect(h.steps[i].lr).toBeCloseTo(lr, 12));
    expect(h.steps.at(-1)?.lr).toBeCloseTo(0.001 + 0.009 * (1 + Math.cos(Math.PI * 35 / 36)) / 2, 9);
    const losses = h.steps.map((s) => s.loss);
    expect(losses.slice(-5).reduce((a, b) => a + b) / 5).toBeLessThan(losses.slice(0, 5).reduce((a, b) => a + b) / 5 - 0.5);
    expect(h.epochs).toHaveLength(4);

    const gen = (...extra: string[]) => cli('generate', '--out', out, '--backend', 'js', '--prompt', 'Call me', '--length', '40', ...extra);
    const [a, b, c] = await Promise.all([gen('--seed', '3', '--top-k', '10', '--top-p', '0.9'), gen('--seed', '3', '--top-k', '10', '--top-p', '0.9'), gen('--seed', '4', '--temperature', '1.5')]);
    for (const r of [a, b, c]) expect(r.code, r.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.startsWith('Call me')).toBe(true);
    expect(a.stdout.trim().length).toBeGreaterThanOrEqual('Call me'.length + 30);
    expect(a.stdout).not.toBe(c.stdout);
    const bad = await gen('--top-p', '1.5');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--top-p must be a number in \(0, 1\], got '1.5'/);

    const evaluated = await cli('eval', '--out', out, '--backend', 'js', '--json');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const figures = JSON.parse(evaluated.stdout) as { model: string; bitsPerChar: number };
    expect(figures.model).toBe('gpt');
    expect(figures.bitsPerChar).toBeGreaterThan(0);

    const path = join(out, 'gpt.onnx');
    const exported = await cli('export', '--onnx', path, '--backend', 'js', '--out', out);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/inputs? 'tokens' \[batch, sequence\] int64 → 'logits'/);
    await activateBackend('js');
    const run = await loadRun(out, 'best');
    expect(run.model).toBeInstanceOf(GptLM);
    run.model.eval();
    // keep-best keeps the LOWEST validation loss (val_nats was once monitored as 'max': the first epoch's weights were kept)
    const vals = h.epochs.map((e) => e.values.val_nats);
    const lowest = vals.indexOf(Math.min(...vals));
    expect(lowest, `validation nats per evaluation: ${vals.join(', ')}`).toBeGreaterThan(0);
    const corpus = await prepareCorpus(run.config.corpus, run.tokenizer);
    expect(await meanNll(run.model, corpus.tokens.validation, corpus.tokenizer.bosId)).toBeCloseTo(vals[lowest], 5);
    const session = await InferenceSession.create(path);
    // any batch and any length up to the block size (16): the position slice and the causal mask follow the input
    for (const [batch, length] of [[1, 16], [3, 5], [2, 1]]) {
      const tokens = randint(0, run.config.architecture.vocabSize, [batch, length], { rng: new Rng(batch) });
      const want = (run.model as GptLM).forward(tokens).dataSync() as Float32Array;
      const ids = BigInt64Array.from(tokens.dataSync() as Int32Array, (v) => BigInt(v));
      const result = await session.run({ tokens: new OrtTensor('int64', ids, [batch, length]) });
      expect(result.logits.dims).toEqual([batch * length, run.config.architecture.vocabSize]);
      const got = result.logits.data as Float32Array;
      const scale = Math.max(1, ...Array.from(want, Math.abs));
      const err = Math.max(...Array.from(want, (v, i) => Math.abs(got[i] - v)));
      expect(err / scale, `batch ${batch}, length ${length}`).toBeLessThanOrEqual(1e-4);
    }
    await session.release();
  }, 600_000);

  it('refuses heads that do not divide the embedding and bad dropout, in one line', async () => {
    const heads = await cli('train', '--model', 'gpt', ...tiny, '--heads', '3', '--out', join(root, 'bad-heads'));
    expect(heads.code).toBe(2);
    expect(heads.stderr.trim()).toBe('error: --heads 3 must divide --embedding 16 (each head gets embedding / heads features)');
    const dropout = await cli('train', '--model', 'lstm', '--dropout', '1', '--out', join(root, 'bad-dropout'), '--backend', 'js');
    expect(dropout.code).toBe(2);
    expect(dropout.stderr.trim()).toBe("error: --dropout must be a number in [0, 1), got '1'");
  }, 120_000);

  it('trains a 2-layer LSTM with dropout between the layers', async () => {
    const out = join(root, 'lstm2');
    const r = await cli('train', '--model', 'lstm', '--backend', 'js', '--limit-chars', '3000', '--embedding', '8', '--hidden', '12', '--layers', '2', '--dropout', '0.2',
      '--batch-size', '8', '--seq-length', '8', '--epochs', '1', '--max-steps', '4', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/lstm: embedding 8 → 2 × LSTM 12 → dense \d+ softmax · dropout 0.2/);
    await activateBackend('js');
    const run = await loadRun(out, 'last');
    expect(Object.keys(run.model.stateDict())).toContain('cell.weight_ih_l1');
    const g = await cli('generate', '--out', out, '--backend', 'js', '--prompt', 'Th', '--length', '10');
    expect(g.code, g.stderr).toBe(0);
  }, 120_000);
});
