/**
 * The fixed (bookkeeping) cost of a training step: the char-LSTM step's whole op graph —
 * embedding, 32 LSTM steps, dense, cross-entropy, backward through time, clipping, Adam — on tiny
 * shapes (vocabulary 8, embedding 4, hidden 4, batch 2), so the kernels cost next to nothing and
 * what is timed is tensor-core, autograd, fusion and the backend's dispatch. Median of 5 rounds of
 * 100 steps, process CPU time per step, on one backend (`wasm1` is wasm on one thread):
 *
 *   pnpm --filter @nabla/bench exec tsx --conditions=@nabla/source src/profile/fixed-cost.ts [wasm1|wasm|js]
 *
 * `NABLA_FUSION=0` in the environment measures it with fusion off.
 */
import { registerBackend, setBackend } from '@nabla/tensor-core';
import { charLstmStep } from '../lm/char-lstm.js';

const ROUNDS = 5;
const STEPS = 100;
const backendName = process.argv[2] ?? 'wasm1';
if (backendName === 'wasm1') {
  const { createWasmBackend } = await import('@nabla/backend-wasm');
  registerBackend('wasm1', () => createWasmBackend({ numThreads: 1 }));
} else {
  await import(`@nabla/backend-${backendName}`);
}
await setBackend(backendName);
const step = charLstmStep({ vocabSize: 8, embedding: 4, hidden: 4, seqLength: 32, batchSize: 2 });
for (let i = 0; i < 30; i++) await step.run();
const perStep: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const c0 = process.cpuUsage();
  for (let i = 0; i < STEPS; i++) await step.run();
  const c = process.cpuUsage(c0);
  perStep.push((c.user + c.system) / 1000 / STEPS);
}
step.dispose();
perStep.sort((a, b) => a - b);
console.log(`char-LSTM step on tiny shapes, ${backendName}: median ${perStep[ROUNDS >> 1].toFixed(2)} ms CPU per step (min ${perStep[0].toFixed(2)}, max ${perStep[ROUNDS - 1].toFixed(2)})`);
process.exit(0);
