/**
 * End to end: the real CLI in a child process on a slice of real MNIST — train one epoch, then
 * eval, predict a rendered test digit, write the report, resume, and reject bad input cleanly.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';
import { PNG } from 'pngjs';
import { loadMnist } from '@nabla/datasets/node';

const out = mkdtempSync(join(tmpdir(), 'nabla-mnist-'));

// the smaller LeNet keeps these runs quick; the default (16,32) is exercised by `pnpm mnist train`
const small = ['--backend', 'js', '--channels', '8,16', '--limit-train', '1500', '--limit-test', '300', '--out', out];

describe('nabla-mnist CLI', () => {
  it('trains one epoch above chance and saves a checkpoint', () => {
    const r = cli('train', '--epochs', '1', '--seed', '3', ...small);
    expect(r.stderr + r.stdout).toContain('epoch 1/1');
    expect(r.code).toBe(0);
    const match = /test acc ([\d.]+)%/.exec(r.stdout);
    expect(match).not.toBeNull();
    expect(Number(match?.[1])).toBeGreaterThan(50); // chance is 10%
    expect(existsSync(join(out, 'checkpoint.safetensors'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).progress).toEqual({ epoch: 1, batch: 0 });
  }, 250_000);

  it('evaluates with a confusion matrix', () => {
    const r = cli('eval', ...small);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/test accuracy: [\d.]+% \(300 images/);
    const rows = r.stdout.split('\n').filter((l) => /^\s+\d(\s+\d+){10}\s*$/.test(l));
    expect(rows).toHaveLength(10);
    const total = rows.flatMap((l) => l.trim().split(/\s+/).slice(1).map(Number)).reduce((a, b) => a + b, 0);
    expect(total).toBe(300);
  }, 120_000);

  it('predicts the label of a rendered test digit', async () => {
    const data = await loadMnist({ layout: 'flat', scale: 'raw' });
    const evalOut = cli('eval', ...small);
    expect(evalOut.code).toBe(0);
    // Render test digits as black-on-white 56×56 PNGs (the CLI must invert, crop, centre and resize)
    let agreed = 0;
    for (let i = 0; i < 4; i++) {
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
      const r = cli('predict', path, ...small);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/top-3: \d \([\d.]+%\), \d \([\d.]+%\), \d \([\d.]+%\)/);
      if (r.stdout.includes(`prediction: ${data.test.labels.data[i]}`)) agreed++;
    }
    expect(agreed).toBeGreaterThanOrEqual(3);
  }, 240_000);

  it('writes an HTML report with plots, confusion matrix and mistakes', () => {
    const r = cli('report', ...small);
    expect(r.code).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html.match(/class="series"/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('class="confusion"');
    expect(html).toContain('data:image/png;base64,');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  }, 120_000);

  it('resumes a finished run for one more epoch', () => {
    const r = cli('train', '--epochs', '2', '--resume', ...small);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('resuming');
    expect(r.stdout).toContain('epoch 2/2');
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).progress).toEqual({ epoch: 2, batch: 0 });
  }, 250_000);

  it('resumes an interrupted run bit-for-bit on backend-js', () => {
    const tiny = ['--backend', 'js', '--channels', '8,16', '--limit-train', '320', '--limit-test', '64', '--batch-size', '32', '--epochs', '2', '--seed', '7'];
    const straight = join(out, 'straight');
    const interrupted = join(out, 'interrupted');
    expect(cli('train', ...tiny, '--out', straight).code).toBe(0);
    const stopped = cli('train', ...tiny, '--out', interrupted, '--stop-after', '13');
    expect(stopped.code).toBe(130);
    expect(JSON.parse(readFileSync(join(interrupted, 'config.json'), 'utf8')).progress).toEqual({ epoch: 1, batch: 3 });
    expect(cli('train', ...tiny, '--out', interrupted, '--resume').code).toBe(0);
    const a = readFileSync(join(straight, 'checkpoint.safetensors'));
    const b = readFileSync(join(interrupted, 'checkpoint.safetensors'));
    expect(b.equals(a)).toBe(true);
  }, 240_000);

  it('answers bad input with one line and a non-zero exit', () => {
    const notPng = join(out, 'not-a.png');
    writeFileSync(notPng, 'hello');
    const cases = [
      cli('predict', notPng, ...small),
      cli('predict', join(out, 'missing.png'), ...small),
      cli('eval', '--backend', 'js', '--out', join(out, 'nothing-here')),
      cli('train', '--backend', 'js', '--data-dir', join(out, 'no-data'), '--out', join(out, 'x')),
      cli('train', '--epochs', 'many', '--backend', 'js'),
    ];
    for (const r of cases) {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^error: /);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    // a checkpoint from a different architecture
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    config.architecture.hidden = 64;
    writeFileSync(join(out, 'config.json'), JSON.stringify(config));
    const r = cli('eval', ...small);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: checkpoint .* does not fit the architecture/);
  }, 240_000);
});
