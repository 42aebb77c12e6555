// Convolution and pooling throughput of the wasm backend (CPU time, so shared machines still
// give a usable number). Run: pnpm --filter @nabla/backend-wasm exec tsx --conditions=@nabla/source bench/conv.bench.ts [--threads 2]
import type { Conv2dParams, Pool2dParams, TensorInfo } from '@nabla/tensor-core';
import { createWasmBackend } from '../src/create-wasm-backend.js';

const at = process.argv.indexOf('--threads');
const numThreads = at >= 0 ? Number(process.argv[at + 1]) : 1;
const backend = await createWasmBackend({ numThreads });
const [n, c, h, w, o] = [16, 32, 32, 32, 64];
const tensor = (size: number, value: number, shape: number[]): TensorInfo => ({ dataId: backend.write(new Float32Array(size).fill(value), 'float32'), shape, dtype: 'float32' });
const x = tensor(n * c * h * w, 0.5, [n, c, h, w]);
const weights = tensor(o * c * 9, 0.1, [o, c, 3, 3]);
const dy = tensor(n * o * h * w, 0.1, [n, o, h, w]);
const conv: Conv2dParams = { strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1] };
const pool: Pool2dParams = { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: false };
const convFlops = 2 * n * o * c * 9 * h * w;

const cases: [string, () => object, number][] = [
  ['conv2d 3x3 forward', () => backend.conv2d(x, weights, conv, [n, o, h, w]), convFlops],
  ['conv2d 3x3 backprop input', () => backend.conv2dBackpropInput(dy, weights, [n, c, h, w], conv), convFlops],
  ['conv2d 3x3 backprop filter', () => backend.conv2dBackpropFilter(x, dy, [o, c, 3, 3], conv), convFlops],
  ['maxPool2d 2x2/2', () => backend.maxPool2d(x, pool, [n, c, h / 2, w / 2]), 0],
  ['avgPool2d 2x2/2', () => backend.avgPool2d(x, pool, [n, c, h / 2, w / 2]), 0],
];
console.log(`N=${n} C=${c} ${h}x${w} O=${o}, threads=${backend.numThreads}`);
for (const [name, run, flops] of cases) {
  backend.disposeData(run());
  let bestCpu = Infinity;
  let bestWall = Infinity;
  for (let i = 0; i < 5; i++) {
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    backend.disposeData(run());
    bestWall = Math.min(bestWall, performance.now() - wall0);
    const cpu = process.cpuUsage(cpu0);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
  }
  const rate = flops > 0 ? `, ${(flops / ((bestCpu / backend.numThreads) * 1e6)).toFixed(1)} GFLOPS by CPU time` : '';
  console.log(`${name}: best wall ${bestWall.toFixed(2)} ms, best CPU ${bestCpu.toFixed(2)} ms${rate}`);
}
backend.dispose();
