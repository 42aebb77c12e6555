/** The HTML report of a run: loss and validation curves, baselines beside the model, a sample per epoch. */
import { lineChart } from '@nabla/cli-kit';
import { baselineName, bestBaseline } from './baselines.js';
import { describeArchitecture } from './models/architecture.js';
import type { LoadedRun } from './run-files.js';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Build the report's HTML (no scripts, no network). */
export function renderReport(run: LoadedRun): string {
  const { config, history, baselines } = run;
  const char = config.corpus.level === 'char';
  const bits = (nats: number): number => nats / Math.LN2;
  const epochs = history.epochs.map((e) => ({ epoch: e.epoch + 1, loss: e.values.loss, val: e.values.val_nats, seconds: e.seconds, rate: e.samplesPerSecond }));
  const best = bestBaseline(baselines);
  const loss = lineChart('Loss (bits per token)', 'epoch', [
    { name: 'train (mean of every 10 steps)', color: '#90caf9', points: history.steps.map((s) => [s.epoch, bits(s.loss)]) },
    { name: 'train per epoch', color: '#1565c0', markers: true, points: epochs.map((e) => [e.epoch, bits(e.loss)]) },
    { name: 'validation per epoch', color: '#2e7d32', markers: true, points: epochs.map((e) => [e.epoch, bits(e.val)]) },
    { name: `best n-gram (${baselineName(best)}, n=${best.n}), validation`, color: '#c62828', points: epochs.length ? [[0, bits(best.validationNats)], [Math.max(1, epochs.length), bits(best.validationNats)]] : [] },
  ]);
  const lr = lineChart('Learning rate', 'step', [{ name: 'learning rate', color: '#6a1b9a', points: history.steps.map((s) => [s.step, s.lr]) }]);
  const modelRow = epochs.length
    ? `<tr class="model"><td>${config.architecture.kind} (best epoch)</td><td>–</td><td>${Math.exp(Math.min(...epochs.map((e) => e.val))).toFixed(2)}</td><td>see <code>pnpm lm eval</code></td>${char ? '<td></td>' : ''}</tr>`
    : '';
  const baselineRows = baselines.map((r) => `<tr><td>${r.n}-gram ${r.method === 'kneser-ney' ? 'Kneser-Ney' : 'add-k'}</td><td>${r.k ?? '–'}</td><td>${Math.exp(r.validationNats).toFixed(2)}</td><td>${r.testPerplexity.toFixed(2)}</td>${char ? `<td>${r.testBitsPerChar.toFixed(3)}</td>` : ''}</tr>`).join('');
  const epochRows = epochs.map((e) => `<tr><td>${e.epoch}</td><td>${e.loss.toFixed(4)}</td><td>${Math.exp(e.val).toFixed(2)}</td><td>${e.seconds.toFixed(1)}</td><td>${Math.round(e.rate)}</td></tr>`).join('');
  const samples = history.samples.map((s) => `<h3>after epoch ${s.epoch}</h3><pre>${esc(s.text)}</pre>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Nabla language-model report</title>
<style>
body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
tr.model{font-weight:bold;background:#e3f2fd}pre{white-space:pre-wrap;background:#f5f5f5;padding:.6em}
</style></head><body>
<h1>∇ Nabla — language model report</h1>
<p>Model: ${esc(describeArchitecture(config.architecture))} · corpus ${esc(config.corpus.path ?? 'Moby-Dick')} (${config.corpus.level} level, SHA-256 ${config.corpus.sha256.slice(0, 12)}…) ·
adam lr ${config.training.lr} · batch ${config.training.batchSize} · clip ${config.training.clip} · seed ${config.training.seed} · ${history.epochs.length} of ${config.training.epochs} epochs</p>
<h2>Curves</h2>
${loss}
${lr}
<h2>The model beside the n-gram baselines (same split and vocabulary)</h2>
<table><tr><th>model</th><th>k</th><th>validation ppl</th><th>test ppl</th>${char ? '<th>test bits/char</th>' : ''}</tr>${modelRow}${baselineRows}</table>
<h2>Epochs</h2>
<table><tr><th>epoch</th><th>train loss (nats)</th><th>validation ppl</th><th>seconds</th><th>tokens/s</th></tr>${epochRows}</table>
<h2>Samples (temperature 0.8, from &lt;bos&gt;)</h2>
${samples}
</body></html>
`;
}
