/**
 * The PyTorch round trip: train a tiny run in Nabla, `export --pytorch`, train it data-parallel with
 * `torchrun --nproc_per_node 2` (gloo over loopback) for a few steps on an MNIST slice, check both
 * ranks end with identical weights, and load the result back with `eval --from-pytorch`: its
 * evaluation must equal the one PyTorch computed on the same test images.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ddpCheckpoints, torchOrSkip, torchrunTwoRanks } from '@nabla/pytorch-parity';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const out = mkdtempSync(join(tmpdir(), 'nabla-mnist-pytorch-'));
const exportDir = join(out, 'pytorch');
const tiny = ['--backend', 'js', '--channels', '2,4', '--hidden', '8', '--limit-train', '128', '--limit-test', '64', '--out', out];

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(!torchOrSkip('nabla-mnist export --pytorch with torchrun'))('nabla-mnist export --pytorch → torchrun (2 ranks, gloo) → eval --from-pytorch', () => {
  it('trains data-parallel with identical ranks and evaluates the same in Nabla as in PyTorch', async () => {
    const trained = cli('train', '--epochs', '1', '--batch-size', '32', ...tiny);
    expect(trained.code, trained.stderr).toBe(0);
    const exported = cli('export', '--pytorch', exportDir, ...tiny);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/wrote model\.py, nabla_safetensors\.py, weights\.safetensors, train_ddp\.py .*\(class MnistLeNet\)/);

    const stdout = await torchrunTwoRanks(exportDir, [
      '--limit-train', '2048', '--limit-test', '200', '--batch-size', '32', '--lr', '0.01', '--epochs', '2', '--max-steps', '40',
    ]);
    expect(stdout).toMatch(/2 rank\(s\) on cpu \(gloo\), 2048 images, 32 steps per epoch/);
    expect(stdout).toMatch(/wrote trained\.safetensors after 40 steps/);

    // both ranks hold exactly the same weights, and they moved away from the exported ones
    const { rank0, rank1, start, final } = ddpCheckpoints(exportDir);
    expect(Object.keys(rank0).sort()).toEqual(Object.keys(start).sort());
    let moved = 0;
    for (const [name, t] of Object.entries(rank0)) {
      expect(Array.from(rank1[name].data), name).toEqual(Array.from(t.data));
      expect(Array.from(final[name].data), name).toEqual(Array.from(t.data));
      moved = Math.max(moved, ...Array.from(t.data, (v, i) => Math.abs(v - start[name].data[i])));
    }
    expect(moved).toBeGreaterThan(1e-4);

    // back in Nabla: the same accuracy and confusion matrix as PyTorch on the same 200 test images
    const torchEval = JSON.parse(readFileSync(join(exportDir, 'trained.safetensors.eval.json'), 'utf8')) as { images: number; accuracy: number; confusion: number[][] };
    expect(torchEval.images).toBe(200);
    expect(torchEval.accuracy).toBeGreaterThan(0.4); // trained enough that equal confusion matrices mean something
    const evaluated = cli('eval', '--from-pytorch', join(exportDir, 'trained.safetensors'), ...tiny, '--limit-test', '200');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toContain(`test accuracy: ${(torchEval.accuracy * 100).toFixed(2)}% (200 MNIST images`);
    const rows = evaluated.stdout.split('\n').filter((l) => /^\s+\d\s+(\s+\d+){10}\s*$/.test(l)).map((l) => l.trim().split(/\s+/).slice(1).map(Number));
    expect(rows).toEqual(torchEval.confusion);
  }, 400_000);

  it('reports a state dict that does not fit the run as a user error', () => {
    expect(existsSync(join(exportDir, 'weights.safetensors'))).toBe(true);
    const wrong = cli('eval', '--from-pytorch', join(exportDir, 'weights.safetensors'), '--backend', 'js', '--channels', '2,4', '--limit-test', '8', '--out', join(out, 'missing'));
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/no run in/);
    const bad = cli('eval', '--from-pytorch', join(exportDir, 'model.py'), ...tiny);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/does not fit this run's model/);
  }, 120_000);
});
