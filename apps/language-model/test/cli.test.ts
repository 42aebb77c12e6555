/**
 * End to end: the real CLI in child processes on the first 4000 characters of Moby-Dick, for
 * every model kind (window at word level, the recurrent ones at character level): train a few
 * dozen steps (loss must fall), generate twice with one seed (identical text) and once with
 * another, predict the top-k, eval against the baselines; plus resume and bad input.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, startCli, type CliResult } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'nabla-lm-'));

const small = ['--backend', 'js', '--limit-chars', '4000', '--embedding', '8', '--hidden', '24', '--batch-size', '16', '--seq-length', '12', '--lr', '0.01'];

function stepLosses(out: string): number[] {
  return (JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as { steps: { loss: number }[] }).steps.map((s) => s.loss);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
  config: { architecture: { kind: string }; corpus: { path: string | null; sha256: string } }; state: { epoch: number; index: number; globalStep: number; finished: boolean };
};
const runFiles = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(dir).filter((f) => f !== 'report.html').map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
const oneLineError = (r: CliResult, pattern: RegExp): void => {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(pattern);
};

describe('nabla-lm CLI', () => {
  for (const [kind, level] of [['window', 'word'], ['rnn', 'char'], ['lstm', 'char'], ['gru', 'char']] as const) {
    it.concurrent(`${kind} (${level}): train, generate, predict, eval`, async () => {
      const out = join(root, kind);
      const run = ['--out', out, '--backend', 'js'];
      const trained = await cli('train', '--model', kind, '--level', level, '--epochs', '2', '--seed', '5', ...small, '--out', out);
      expect(trained.stderr + trained.stdout).toContain('epoch 2/2');
      expect(trained.code).toBe(0);
      expect(trained.stdout).toMatch(/^ {3}5  add-k k=[\d.]+ +[\d.]+ +[\d.]+/m); // the n-gram table reaches n = 5
      expect(trained.stdout).toMatch(level === 'char' ? /^ {3}7  Kneser-Ney +[\d.]+ +[\d.]+/m : /^ {3}5  Kneser-Ney +[\d.]+ +[\d.]+/m);
      expect(trained.stdout).toMatch(/epoch 2\/2: train loss [\d.]+ · validation ppl [\d.]+/);
      for (const f of ['model.safetensors', 'best.safetensors', 'tokenizer.json', 'config.json', 'baselines.json', 'manifest.json']) expect(existsSync(join(out, f))).toBe(true);
      const losses = stepLosses(out);
      expect(losses.length).toBeGreaterThan(10);
      expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) - 0.2);

      const prompt = level === 'word' ? 'the students opened their' : 'Call me ';
      const length = level === 'word' ? '12' : '40';
      const generate = (seed: string): Promise<CliResult> => cli('generate', '--prompt', prompt, '--length', length, '--seed', seed, '--temperature', '0.9', ...run);
      const [a, b, c] = await Promise.all([generate('9'), generate('9'), ...(kind === 'lstm' ? [generate('10')] : [])]);
      for (const r of [a, b, c]) expect(r?.code ?? 0).toBe(0);
      expect(a.stdout).toBe(b.stdout);
      if (c) expect(a.stdout).not.toBe(c.stdout);
      const text = a.stdout.split('\n').filter((l) => !l.startsWith('note:')).join('\n').replace(/\n$/, '');
      if (level === 'word') {
        expect(a.stdout).toMatch(/^note: not in the vocabulary, read as <unk>: .*"students"/m);
        expect(text.split(' ')).toHaveLength(4 + 12);
        expect(text.startsWith('the <unk> ')).toBe(true);
      } else {
        expect(text.startsWith(prompt)).toBe(true);
        expect(Array.from(text.replaceAll('<unk>', '?'))).toHaveLength(prompt.length + 40);
      }

      const predicted = await cli('predict', '--prompt', prompt, '--top-k', '4', ...run);
      expect(predicted.code).toBe(0);
      const rows = predicted.stdout.split('\n').filter((l) => /^ {2}\S.* +[\d.]+%$/.test(l));
      expect(rows).toHaveLength(4);
      const probs = rows.map((l) => Number(/([\d.]+)%$/.exec(l)?.[1]));
      expect([...probs].sort((x, y) => y - x)).toEqual(probs);
      expect(probs.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(100.01);

      const evaluated = await cli('eval', ...run);
      expect(evaluated.code).toBe(0);
      expect(evaluated.stdout).toMatch(level === 'char' ? /perplexity [\d.]+ · bits\/char [\d.]+/ : /perplexity [\d.]+/);
      expect(evaluated.stdout).toContain('n-gram baselines on the same split');
    }, 900_000);
  }

  it('stops at --max-steps and resumes exactly where it stopped', async () => {
    const out = join(root, 'resume');
    const first = await cli('train', '--model', 'gru', '--epochs', '1', '--max-steps', '5', ...small, '--out', out);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('stopped after --max-steps 5');
    expect(manifest(out).state).toMatchObject({ epoch: 0, index: 5 });
    const second = await cli('train', '--epochs', '1', '--resume', ...small, '--out', out);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('resuming');
    expect(second.stdout).not.toContain('n-gram baselines (');
    expect(manifest(out).state).toMatchObject({ epoch: 1, index: 0, finished: true });
    expect(manifest(out).config.architecture.kind).toBe('gru');
    expect(stepLosses(out).length).toBeGreaterThan(5);
  }, 900_000);

  it('stops after the first step past --max-seconds or --max-cpu-seconds, saved for --resume', async () => {
    for (const flag of ['--max-seconds', '--max-cpu-seconds']) {
      const out = join(root, `limit${flag}`);
      // 1 ms of training (wall or CPU) is over after the first step, never before it
      const run = await cli('train', '--model', 'gru', '--epochs', '1', flag, '0.001', ...small, '--out', out);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`stopped after ${flag} 0.001`);
      expect(manifest(out).state).toMatchObject({ epoch: 0, index: 1 });
    }
    const bad = await cli('train', '--model', 'gru', '--max-seconds', '-3', ...small, '--out', join(root, 'limit-bad'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-seconds');
  }, 900_000);

  it('answers bad input with one line and exit code 2', async () => {
    const empty = join(root, 'empty.txt');
    const binary = join(root, 'binary.bin');
    writeFileSync(empty, '');
    writeFileSync(binary, Uint8Array.from({ length: 4000 }, (_, i) => (i * 37) % 256));
    const trained = join(root, 'resume'); // written by the previous test
    const cases = await Promise.all([
      cli('train', '--backend', 'js', '--corpus', empty, '--out', join(root, 'x')),
      cli('train', '--backend', 'js', '--corpus', binary, '--out', join(root, 'x')),
      cli('train', '--backend', 'js', '--model', 'transformer'),
      cli('eval', '--backend', 'js', '--out', join(root, 'nothing-here')),
      cli('generate', '--backend', 'js', '--prompt', '', '--out', trained),
      cli('generate', '--backend', 'js', '--prompt', 'x', '--temperature', '0', '--out', trained),
    ]);
    const messages = [/is empty/, /binary file/, /--model must be one of/, /no run in/, /--prompt must be a non-empty/, /--temperature must be a positive number/];
    cases.forEach((r, i) => {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^error: /);
      expect(r.stderr).toMatch(messages[i]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }, 900_000);

  it('Ctrl-C mid-epoch (LSTM) stops promptly; --resume ends bit-for-bit where an uninterrupted run ends', async () => {
    const args = ['--model', 'lstm', '--backend', 'js', '--limit-chars', '16000', '--embedding', '8', '--hidden', '16', '--batch-size', '4', '--seq-length', '12', '--epochs', '1', '--seed', '3'];
    const straight = join(root, 'lstm-straight');
    const interrupted = join(root, 'lstm-interrupted');
    const [full] = await Promise.all([cli('train', ...args, '--out', straight), (async () => {
      const run = startCli('train', ...args, '--out', interrupted);
      await run.waitFor(/epoch 1\/1 .* (\d+)\/\d+ │ loss/);
      await run.waitFor(/epoch 1\/1 [^\n]* (8\d|9\d|\d{3})\/\d+ │/);
      const sent = performance.now();
      run.child.kill('SIGINT');
      const exit = await run.exited;
      expect(exit.code).toBe(130);
      expect(exit.at - sent).toBeLessThan(10_000); // ~0.1 s on a quiet machine; 2.7 s was seen at load average 55
      expect(run.output()).toMatch(/interrupted: saved to .* at epoch 1, step \d+; continue with --resume/);
    })()]);
    expect(full.code).toBe(0);
    const stoppedAt = manifest(interrupted).state;
    expect(stoppedAt.epoch).toBe(0);
    expect(stoppedAt.index).toBeGreaterThan(0);
    expect(existsSync(join(interrupted, 'carry.safetensors'))).toBe(true); // the recurrent state carried into the next chunk
    const resumed = await cli('train', '--resume', '--backend', 'js', '--out', interrupted);
    expect(resumed.code).toBe(0);
    for (const f of ['model.safetensors', 'best.safetensors']) expect(readFileSync(join(interrupted, f)).equals(readFileSync(join(straight, f)))).toBe(true);
    expect(manifest(interrupted).state).toEqual(manifest(straight).state);
  }, 900_000);

  it('refuses overwrites and conflicting --resume flags, keeping the run intact; report, --json and the corpus check', async () => {
    const out = join(root, 'lstm'); // trained by the first tests
    const before = runFiles(out);
    const corpus = join(root, 'corpus.txt');
    writeFileSync(corpus, 'It was the best of times, it was the worst of times. '.repeat(40));
    const [intoRun, onnxOverRun, reportOverRun, onnxMissing, conflict] = await Promise.all([
      cli('train', '--backend', 'js', ...small, '--out', out),
      cli('export', '--backend', 'js', '--out', out, '--onnx', join(out, 'model.safetensors')),
      cli('report', '--backend', 'js', '--out', out, '--report', join(out, 'config.json')),
      cli('export', '--backend', 'js', '--out', out, '--onnx', join(root, 'missing', 'm.onnx')),
      cli('train', '--resume', '--backend', 'js', '--lr', '0.5', '--hidden', '64', '--out', out),
    ]);
    oneLineError(intoRun, /is not empty .*--resume.*--force/);
    oneLineError(onnxOverRun, /--onnx .* would overwrite a file of the run/);
    oneLineError(reportOverRun, /--report .* would overwrite a file of the run/);
    oneLineError(onnxMissing, /the folder .* does not exist/);
    oneLineError(conflict, /--resume: --hidden 64 \(the run has 24\), --lr 0.5 \(the run has 0.01\) conflict/);
    expect(runFiles(out)).toEqual(before);

    const [report, json] = await Promise.all([cli('report', '--backend', 'js', '--out', out), cli('eval', '--json', '--backend', 'js', '--out', out)]);
    expect(report.code).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/class="marker"/g)?.length).toBe(4); // 2 epochs × train and validation
    expect(html).toContain('<tr class="model">');
    expect(html.match(/-gram add-k/g)).toHaveLength(5);
    expect(html.match(/-gram Kneser-Ney/g)).toHaveLength(7);
    expect(html.match(/<h3>after epoch \d<\/h3><pre>[^<]+<\/pre>/g)).toHaveLength(2);
    expect(json.code).toBe(0);
    const figures = JSON.parse(json.stdout) as { perplexity: number; bitsPerChar: number; weights: string; baselines: unknown[] };
    expect(figures.weights).toBe('best');
    expect(figures.bitsPerChar).toBeCloseTo(Math.log2(figures.perplexity), 1); // one token per character
    expect(figures.baselines).toHaveLength(12); // add-k n = 1…5, Kneser-Ney n = 1…7

    // a corpus changed after training is refused; a malformed baselines.json is refused
    const own = join(root, 'own-corpus');
    expect((await cli('train', '--model', 'gru', '--corpus', corpus, '--max-steps', '2', ...small, '--out', own)).code).toBe(0);
    expect(manifest(own).config.corpus.path).toBe(corpus); // absolute
    writeFileSync(corpus, 'It was the best of times, it was the worst of times! '.repeat(40));
    oneLineError(await cli('train', '--resume', '--backend', 'js', '--out', own), /corpus '.*corpus\.txt' changed since the run was trained/);
    writeFileSync(join(own, 'baselines.json'), '{"rows": 1}');
    oneLineError(await cli('eval', '--backend', 'js', '--out', own), /baselines\.json' does not match the manifest/);
  }, 900_000);
});
