/**
 * Fixed cost of one op on tiny tensors: µs of process CPU time per `add` (two [4] tensors), `mul`
 * by a number and `sigmoid`, each created and disposed 20,000 times, median of 5 rounds, on the
 * js and wasm backends (1 thread's worth of work: the pool never wakes for 4 elements).
 *
 *   pnpm --filter @nabla/bench exec tsx --conditions=@nabla/source src/tiny-ops.ts
 */
import '@nabla/backend-js';
import '@nabla/backend-wasm';
import { add, mul, setBackend, sigmoid, tensor } from '@nabla/tensor-core';
import type { Tensor } from '@nabla/tensor-core';

const ROUNDS = 5;
const CALLS = 20_000;
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

for (const backend of ['js', 'wasm']) {
  await setBackend(backend);
  const x = tensor([1, 2, 3, 4], [4]);
  const y = tensor([1, 2, 3, 4], [4]);
  const ops: [string, () => Tensor][] = [['add', () => add(x, y)], ['mul by a number', () => mul(x, 2)], ['sigmoid', () => sigmoid(x)]];
  for (const [name, op] of ops) {
    for (let i = 0; i < CALLS; i++) op().dispose();
    const perCall: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = cpuMs();
      for (let i = 0; i < CALLS; i++) op().dispose();
      perCall.push(((cpuMs() - t0) / CALLS) * 1000);
    }
    perCall.sort((a, b) => a - b);
    console.log(`${backend.padEnd(5)} ${name.padEnd(16)} ${perCall[ROUNDS >> 1].toFixed(2)} µs CPU per op`);
  }
  x.dispose();
  y.dispose();
}
process.exit(0);
