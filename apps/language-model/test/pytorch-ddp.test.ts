/**
 * The PyTorch round trip of the language models: train a tiny run in Nabla, `export --pytorch`,
 * train it data-parallel with `torchrun --nproc_per_node 2` (gloo over loopback) for a few steps on
 * a slice of Moby-Dick (each rank its own shard of the training stream), check both ranks end with
 * identical weights, and load the result back with `eval --from-pytorch`: Nabla's bits per
 * character on the held-out test split must equal the figure PyTorch computed on the same text.
 * Once for the GPT (tied head) and once for a 2-layer LSTM.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ddpCheckpoints, pythonPath, readSafetensorsFile, torchOrSkip, torchrunTwoRanks } from '@nabla/pytorch-parity';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'nabla-lm-pytorch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const corpus = ['--backend', 'js', '--limit-chars', '20000'];

/** What train_ddp.py writes beside the trained state dict. */
interface TorchEval { tokens: number; chars: number; nats: number; bitsPerChar: number; steps: number }

/** Both ranks hold exactly the same weights as the file rank 0 wrote, and they moved away from the exported ones. */
function expectIdenticalRanks(dir: string): void {
  const { rank0, rank1, start, final } = ddpCheckpoints(dir);
  expect(Object.keys(rank0).sort()).toEqual(Object.keys(start).sort());
  let moved = 0;
  for (const [name, t] of Object.entries(rank0)) {
    expect(Array.from(rank1[name].data), name).toEqual(Array.from(t.data));
    expect(Array.from(final[name].data), name).toEqual(Array.from(t.data));
    moved = Math.max(moved, ...Array.from(t.data, (v, i) => Math.abs(v - start[name].data[i])));
  }
  expect(moved).toBeGreaterThan(1e-4);
}

/** `eval --from-pytorch` of the run in `out` gives PyTorch's bits per character (≤ 1e-4 relative) on the same test tokens. */
async function expectSameEvaluation(out: string, dir: string): Promise<void> {
  const torchEval = JSON.parse(readFileSync(join(dir, 'trained.safetensors.eval.json'), 'utf8')) as TorchEval;
  const evaluated = await cli('eval', '--from-pytorch', join(dir, 'trained.safetensors'), '--out', out, '--backend', 'js', '--json');
  expect(evaluated.code, evaluated.stderr).toBe(0);
  const nabla = JSON.parse(evaluated.stdout.trim().split('\n').at(-1) as string) as { tokens: number; nats: number; bitsPerChar: number; weights: string };
  expect(nabla.weights).toBe(join(dir, 'trained.safetensors'));
  expect(nabla.tokens).toBe(torchEval.tokens);
  expect(Math.abs(nabla.bitsPerChar - torchEval.bitsPerChar) / torchEval.bitsPerChar).toBeLessThanOrEqual(1e-4);
  // and the trained weights are not the exported ones: the run's own evaluation differs
  const own = await cli('eval', '--out', out, '--backend', 'js', '--json');
  const before = JSON.parse(own.stdout.trim().split('\n').at(-1) as string) as { bitsPerChar: number };
  expect(Math.abs(before.bitsPerChar - torchEval.bitsPerChar)).toBeGreaterThan(1e-3);
}

describe.skipIf(!torchOrSkip('nabla-lm export --pytorch with torchrun'))('nabla-lm export --pytorch → torchrun (2 ranks, gloo) → eval/generate --from-pytorch', () => {
  const gpt = join(root, 'gpt');
  const gptDir = join(root, 'gpt-pytorch');

  it('GPT (tied head): trains data-parallel with identical ranks and evaluates the same in Nabla as in PyTorch', async () => {
    const trained = await cli('train', '--model', 'gpt', ...corpus, '--layers', '2', '--heads', '2', '--embedding', '16', '--block-size', '32',
      '--batch-size', '8', '--lr', '0.01', '--warmup', '2', '--steps', '4', '--eval-every', '4', '--out', gpt);
    expect(trained.code, trained.stderr).toBe(0);
    const exported = await cli('export', '--pytorch', gptDir, '--out', gpt, '--backend', 'js');
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/wrote model\.py, nabla_safetensors\.py, weights\.safetensors, vocabulary\.json, train_ddp\.py .*\(class GptLM\)/);
    // one token table: the head reads wte.weight, so the state dict has no separate output matrix
    expect(Object.keys(readSafetensorsFile(join(gptDir, 'weights.safetensors'))).filter((k) => k.startsWith('wte') || k.startsWith('head'))).toEqual(['wte.weight']);

    const stdout = await torchrunTwoRanks(gptDir, ['--steps', '8', '--max-steps', '6']);
    expect(stdout).toMatch(/2 rank\(s\) on cpu \(gloo\), gpt, 18000 training tokens/);
    expect(stdout).toMatch(/wrote trained\.safetensors after 6 steps; test bits\/char/);
    expectIdenticalRanks(gptDir);
    await expectSameEvaluation(gpt, gptDir);

    const generated = await cli('generate', '--from-pytorch', join(gptDir, 'trained.safetensors'), '--out', gpt, '--backend', 'js', '--prompt', 'Call me', '--length', '20');
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout.trim().startsWith('Call me')).toBe(true);
    expect([...generated.stdout.trim()].length).toBeGreaterThanOrEqual('Call me'.length + 10);
  }, 300_000);

  it('2-layer LSTM: each rank its own rows of the stream, identical ranks, the same evaluation in Nabla as in PyTorch', async () => {
    const out = join(root, 'lstm');
    const dir = join(root, 'lstm-pytorch');
    const trained = await cli('train', '--model', 'lstm', ...corpus, '--layers', '2', '--embedding', '8', '--hidden', '16', '--batch-size', '8',
      '--seq-length', '16', '--epochs', '1', '--max-steps', '3', '--out', out);
    expect(trained.code, trained.stderr).toBe(0);
    const exported = await cli('export', '--pytorch', dir, '--out', out, '--backend', 'js');
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/\(class RecurrentLM\)/);
    const stdout = await torchrunTwoRanks(dir, ['--max-steps', '6']);
    expect(stdout).toMatch(/wrote trained\.safetensors after 6 steps/);
    expectIdenticalRanks(dir);
    await expectSameEvaluation(out, dir);

    // a state dict of another model, or a file that is no state dict, is refused naming what does not fit
    const wrong = await cli('eval', '--from-pytorch', join(dir, 'trained.safetensors'), '--out', gpt, '--backend', 'js');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/does not fit this run's model/);
    expect(wrong.stderr).toMatch(/wte\.weight|embed\.weight/);
    const bad = await cli('eval', '--from-pytorch', join(dir, 'model.py'), '--out', out, '--backend', 'js');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/does not fit this run's model/);
  }, 300_000);

  it('window model, word level, a corpus with a BOM, CRLF, accents, curly quotes and emoji: PyTorch rebuilds the same tokens and scores the exported weights as Nabla does', async () => {
    const out = join(root, 'window');
    const dir = join(root, 'window-pytorch');
    const text = join(root, 'corpus.txt');
    const lines = ['Café naïve — “quoted” it’s the whale’s 😀 tale,\r\n', 'Ünïcödé 𝔘 words: don\'t stop; 42 × 7 ≠ 300!\r\n', 'the sea, the sea… and Ahab.\n'];
    writeFileSync(text, `\uFEFF${Array.from({ length: 120 }, (_, i) => lines[i % 3].replace('42', String(i))).join('')}`);
    const trained = await cli('train', '--model', 'window', '--level', 'word', '--corpus', text, '--backend', 'js', '--embedding', '8', '--hidden', '12',
      '--epochs', '1', '--max-steps', '2', '--out', out);
    expect(trained.code, trained.stderr).toBe(0);
    const exported = await cli('export', '--pytorch', dir, '--out', out, '--backend', 'js');
    expect(exported.code, exported.stderr).toBe(0);
    const nablaEval = await cli('eval', '--out', out, '--backend', 'js', '--json');
    const nabla = JSON.parse(nablaEval.stdout.trim().split('\n').at(-1) as string) as { tokens: number; nats: number };
    const { stdout } = await run(pythonPath(), ['-c', [
      'import json, train_ddp as t, model',
      "streams, vocabulary = t.load_streams(t.CORPUS, 'vocabulary.json')",
      "print(json.dumps(t.evaluate(model.load(), streams['test'], t.SPLIT['test']['chars'], vocabulary['tokens'].index('<bos>'))))",
    ].join('\n')], { cwd: dir, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    const torchEval = JSON.parse(stdout) as TorchEval;
    expect(torchEval.tokens).toBe(nabla.tokens);
    expect(Math.abs(torchEval.nats - nabla.nats) / nabla.nats).toBeLessThanOrEqual(1e-4);
  }, 120_000);
});
