// JS overhead of the char-LSTM step's op graph: same ops, tiny shapes (kernels negligible).
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { registerBackend, setBackend } from '@nabla/tensor-core';
import { createWasmBackend } from '@nabla/backend-wasm';
import { charLstmStep } from './src/lm/char-lstm.js';
const backend = process.argv[2] ?? 'wasm1';
if (backend === 'wasm1') registerBackend('wasm1', () => createWasmBackend({ numThreads: 1 }));
else if (backend === 'js') await import('@nabla/backend-js');
await setBackend(backend);
const step = charLstmStep({ vocabSize: 8, embedding: 4, hidden: 4, seqLength: 32, batchSize: 2 });
for (let i = 0; i < 30; i++) await step.run();
const prof = process.argv[3];
let session: Session | null = null;
const post = (m: string, p: object = {}): Promise<any> => new Promise((res, rej) => session!.post(m, p, (e, r) => (e ? rej(e) : res(r))));
if (prof) { session = new Session(); session.connect(); await post('Profiler.enable'); await post('Profiler.setSamplingInterval', { interval: 50 }); await post('Profiler.start'); }
const N = 100;
const rounds: number[] = [];
for (let r = 0; r < 5; r++) {
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) await step.run();
  const c = process.cpuUsage(c0);
  rounds.push((c.user + c.system) / 1000 / N);
}
if (prof) { const { profile } = await post('Profiler.stop'); writeFileSync(prof, JSON.stringify(profile)); }
rounds.sort((a, b) => a - b);
console.log(`tiny char-LSTM step on ${backend}: median ${rounds[2].toFixed(2)} ms CPU/step (min ${rounds[0].toFixed(2)})`);
process.exit(0);
