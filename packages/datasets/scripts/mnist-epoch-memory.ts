/**
 * Measures MNIST load time and peak RSS while iterating one shuffled epoch at batch 64 on the js
 * backend. Run: pnpm --filter @nabla/datasets measure:mnist
 */
import '@nabla/backend-js';
import { setBackend } from '@nabla/tensor-core';
import { DataLoader } from '../src/index.js';
import { loadMnist } from '../src/node.js';

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

await setBackend('js');
const baseline = process.memoryUsage().rss;
const t0 = performance.now();
const mnist = await loadMnist();
const loadMs = performance.now() - t0;
const datasetBytes = [mnist.train, mnist.test].reduce((s, split) => s + split.images.data.byteLength + split.labels.data.byteLength, 0);
const peakAfterLoad = peakRss();

const loader = new DataLoader({ x: mnist.train.images, y: mnist.train.labels }, { batchSize: 64, shuffle: true, seed: 1 });
const t1 = performance.now();
let batches = 0;
let samples = 0;
for (const { x, y } of loader) {
  samples += x.shape[0];
  batches++;
  x.dispose();
  y.dispose();
}
const epochMs = performance.now() - t1;
const peakAfterEpoch = peakRss();
// Two more epochs show the growth is bounded (uncollected batch garbage), not a leak.
for (let e = 0; e < 2; e++) {
  for (const { x, y } of loader) {
    x.dispose();
    y.dispose();
  }
}
const peakAfterThree = peakRss();

console.log(`node ${process.version}, ${process.arch}`);
console.log(`load time: ${loadMs.toFixed(0)} ms (60k+10k images, float32 0..1)`);
console.log(`dataset in memory: ${mib(datasetBytes)}`);
console.log(`RSS before load: ${mib(baseline)}`);
console.log(`peak RSS after load: ${mib(peakAfterLoad)}`);
console.log(`epoch: ${batches} batches / ${samples} samples in ${epochMs.toFixed(0)} ms`);
console.log(`peak RSS after one epoch at batch 64: ${mib(peakAfterEpoch)} (growth during the epoch: ${mib(peakAfterEpoch - peakAfterLoad)})`);
console.log(`peak RSS after three epochs: ${mib(peakAfterThree)}`);
console.log(`one batch: ${mib(64 * 784 * 4 + 64 * 4)}`);
