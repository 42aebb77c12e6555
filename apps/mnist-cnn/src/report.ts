/** The HTML report: loss/accuracy plots, confusion matrix and a grid of misclassified digits. */
import { writeFile } from 'node:fs/promises';
import type { ImageClassificationData } from '@nabla/datasets';
import type { Evaluation } from './evaluate.js';
import type { HistoryData } from '@nabla/train';
import { encodePng } from './image.js';
import { describeArchitecture } from './model.js';
import type { RunConfig } from './run-files.js';
import { confusionTable, lineChart } from '@nabla/cli-kit';

/** Per-class precision and recall (%) from a confusion matrix, as an HTML table. */
function perClassTable(confusion: readonly (readonly number[])[], classNames: readonly string[]): string {
  const rows = confusion.map((row, c) => {
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, r) => a + r[c], 0);
    const pct = (x: number, n: number): string => (n > 0 ? `${((100 * x) / n).toFixed(1)}%` : '–');
    return `<tr><th>${classNames[c]}</th><td>${pct(row[c], predicted)}</td><td>${pct(row[c], support)}</td><td>${support}</td></tr>`;
  });
  return `<table class="per-class"><tr><th>class</th><th>precision</th><th>recall</th><th>test images</th></tr>${rows.join('')}</table>`;
}

/** Build the report's HTML. */
export function renderReport(config: RunConfig, history: HistoryData, evaluation: Evaluation, data: ImageClassificationData, maxMistakes = 60): string {
  const epochs = history.epochs.map((e) => ({ epoch: e.epoch + 1, loss: e.values.loss, accuracy: e.values.accuracy, val_loss: e.values.val_loss, val_accuracy: e.values.val_accuracy }));
  const loss = lineChart('Loss', 'epoch', [
    { name: 'train loss (mean of every 10 steps)', color: '#90caf9', points: history.steps.map((s) => [s.epoch, s.loss]) },
    { name: 'train loss per epoch', color: '#1565c0', markers: true, points: epochs.map((e) => [e.epoch, e.loss]) },
    { name: 'test loss per epoch', color: '#2e7d32', markers: true, points: epochs.map((e) => [e.epoch, e.val_loss]) },
  ]);
  const accuracy = lineChart('Accuracy per epoch (%)', 'epoch', [
    { name: 'train', color: '#1565c0', markers: true, points: epochs.map((e) => [e.epoch, e.accuracy * 100]) },
    { name: 'test', color: '#2e7d32', markers: true, points: epochs.map((e) => [e.epoch, e.val_accuracy * 100]) },
  ]);
  const lr = lineChart('Learning rate', 'step', [{ name: 'learning rate', color: '#6a1b9a', points: history.steps.map((s) => [s.step, s.lr]) }]);
  const per = data.test.images.data.length / data.test.length;
  const mistakes: string[] = [];
  for (let i = 0; i < data.test.length && mistakes.length < maxMistakes; i++) {
    const truth = data.test.labels.data[i];
    const predicted = evaluation.predictions[i];
    if (truth === predicted) continue;
    const pixels = Float32Array.from(data.test.images.data.subarray(i * per, (i + 1) * per));
    const png = encodePng({ width: 28, height: 28, pixels }).toString('base64');
    mistakes.push(`<figure class="mistake"><img width="56" height="56" alt="test image ${i}" src="data:image/png;base64,${png}"><figcaption>#${i}: ${data.classNames[truth]} → <b>${data.classNames[predicted]}</b></figcaption></figure>`);
  }
  const epochRows = history.epochs.map((e) =>
    `<tr><td>${e.epoch + 1}</td><td>${e.values.loss.toFixed(4)}</td><td>${(e.values.accuracy * 100).toFixed(2)}%</td><td>${e.values.val_loss.toFixed(4)}</td><td>${(e.values.val_accuracy * 100).toFixed(2)}%</td><td>${e.seconds.toFixed(1)}</td><td>${Math.round(e.samplesPerSecond)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Nabla MNIST report</title>
<style>
body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
.confusion td{width:3em}.grid{display:flex;flex-wrap:wrap;gap:6px}
.mistake{margin:0;text-align:center;font-size:11px}.mistake img{image-rendering:pixelated;background:#000}
</style></head><body>
<h1>∇ Nabla — ${config.dataset === 'fashion' ? 'Fashion-MNIST' : 'MNIST'} CNN report</h1>
<p>Model: ${describeArchitecture(config.architecture)} · optimizer ${config.optimizer} (lr ${config.lr}, cosine-annealed) · batch ${config.batchSize} · seed ${config.seed} · ${history.epochs.length} of ${config.epochs} epochs</p>
<p id="accuracy">Test accuracy: <b>${(evaluation.accuracy * 100).toFixed(2)}%</b> on ${data.test.length} test images.</p>
<h2>Training curves</h2>
${loss}
${accuracy}
${lr}
<h2>Epochs</h2>
<table><tr><th>epoch</th><th>train loss</th><th>train acc</th><th>test loss</th><th>test acc</th><th>seconds</th><th>images/s</th></tr>${epochRows}</table>
<h2>Per-class precision and recall</h2>
${perClassTable(evaluation.confusion, data.classNames)}
<h2>Confusion matrix</h2>
${confusionTable(evaluation.confusion, data.classNames)}
<h2>Misclassified test images (${mistakes.length} shown)</h2>
<div class="grid">${mistakes.join('\n')}</div>
</body></html>
`;
}

/** Write the report to `path`. */
export async function writeReport(path: string, html: string): Promise<void> {
  await writeFile(path, html, 'utf8');
}
