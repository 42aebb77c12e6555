/**
 * Side-by-side training check of the GPT against PyTorch: the same initial weights (Nabla's,
 * written as safetensors), the same batches (the token ids Nabla trained on), the same AdamW
 * groups, warmup + cosine schedule and gradient clipping, step by step. Nabla trains through the
 * app's own pieces (buildModel, optimizerFor, gptSchedule, blockBatches, @nabla/train's fit);
 * scripts/gpt-torch-parity.py rebuilds the model from torch.nn layers (PyTorch's own attention,
 * LayerNorm, GELU, AdamW) and replays it. Dropout is 0 so both sides are deterministic.
 *
 * Run (needs /usr/bin/python3 with torch):
 *   pnpm --filter @nabla/language-model exec tsx --conditions=@nabla/source scripts/gpt-torch-parity.ts [steps] [out dir]
 * Sizes come from the GPT defaults and can be changed with PARITY_LAYERS, PARITY_EMBEDDING,
 * PARITY_HEADS, PARITY_BLOCK, PARITY_BATCH, PARITY_LR, PARITY_WARMUP, PARITY_BACKEND.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import '@nabla/backend-wasm';
import { encodeSafetensors } from '@nabla/layers';
import { crossEntropy } from '@nabla/optim';
import { setBackend } from '@nabla/tensor-core';
import { fit } from '@nabla/train';
import { prepareCorpus } from '../src/corpus.js';
import { defaultsFor } from '../src/defaults.js';
import { blockBatches } from '../src/gpt-batches.js';
import { buildModel } from '../src/models/build-model.js';
import { gptSchedule, optimizerFor } from '../src/train.js';
import type { RunConfig } from '../src/run-files.js';

const here = dirname(fileURLToPath(import.meta.url));
const steps = Number(process.argv[2] ?? 200);
const out = resolve(process.argv[3] ?? '/tmp/gpt-torch-parity');
mkdirSync(out, { recursive: true });
const env = (name: string, fallback: number): number => (process.env[name] === undefined ? fallback : Number(process.env[name]));

await setBackend(process.env.PARITY_BACKEND ?? 'wasm');
const d = defaultsFor('gpt', 'char');
const corpus = await prepareCorpus({ level: 'char', path: null, limitChars: null, minFrequency: 1 });
const config: RunConfig = {
  version: 2,
  architecture: {
    kind: 'gpt', vocabSize: corpus.tokenizer.vocabSize, embedding: env('PARITY_EMBEDDING', d.embedding), hidden: d.hidden, window: d.window,
    layers: env('PARITY_LAYERS', d.layers), heads: env('PARITY_HEADS', d.heads), blockSize: env('PARITY_BLOCK', d.blockSize), dropout: 0,
  },
  corpus: { level: 'char', path: null, limitChars: null, minFrequency: 1, sha256: corpus.sha256 },
  training: {
    epochs: 1, batchSize: env('PARITY_BATCH', d.batchSize), seqLength: d.seqLength, lr: env('PARITY_LR', d.lr), clip: 1, seed: 1,
    steps, evalEvery: steps, warmup: Math.min(env('PARITY_WARMUP', d.warmup), steps), weightDecay: d.weightDecay,
  },
};
const { architecture: a, training: t } = config;
const model = buildModel(a, t.seed);
writeFileSync(join(out, 'init.safetensors'), await encodeSafetensors(model.stateDict()));

const source = blockBatches(corpus.tokens.train, { batchSize: t.batchSize, blockSize: a.blockSize ?? 0, stepsPerEpoch: steps, seed: t.seed });
const ids = new Int32Array(steps * 2 * t.batchSize * (a.blockSize ?? 0));
const per = t.batchSize * (a.blockSize ?? 0);
for (let i = 0; i < steps; i++) {
  const b = source.batch(0, i);
  ids.set(b.input.dataSync() as Int32Array, 2 * i * per);
  ids.set(b.target.dataSync() as Int32Array, (2 * i + 1) * per);
  b.input.dispose();
  b.target.dispose();
}
writeFileSync(join(out, 'batches.i32'), new Uint8Array(ids.buffer));

const log: { loss: number; lr: number; gradNorm: number | null }[] = [];
const cpu0 = process.cpuUsage();
await fit(model, {
  train: source, loss: crossEntropy, optimizer: optimizerFor(model, config), steps, schedule: gptSchedule(t.lr, t.warmup ?? 0, steps), clipGradNorm: t.clip,
  callbacks: [{ name: 'parity log', onStepEnd: (s) => { log.push({ loss: s.loss, lr: s.lr, gradNorm: s.gradNorm }); } }],
});
const cpu = process.cpuUsage(cpu0);
const setup = {
  ...a, batchSize: t.batchSize, lr: t.lr, warmup: t.warmup, steps, weightDecay: t.weightDecay, clip: t.clip, beta1: 0.9, beta2: 0.99, eps: 1e-8,
  nablaCpuSeconds: (cpu.user + cpu.system) / 1e6,
};
writeFileSync(join(out, 'nabla.json'), JSON.stringify({ setup, log }));
console.log(`Nabla: ${steps} steps in ${setup.nablaCpuSeconds.toFixed(1)} CPU-s; running PyTorch…`);

execFileSync('/usr/bin/python3', [join(here, 'gpt-torch-parity.py'), out], { stdio: 'inherit' });
const torch = JSON.parse(readFileSync(join(out, 'torch.json'), 'utf8')) as { log: { loss: number; lr: number; gradNorm: number }[] };
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
console.log(' step   nabla loss   torch loss     diff   nabla |g|   torch |g|   nabla lr    torch lr');
for (let i = 0; i < steps; i++) {
  if (i < 10 || i % 10 === 0 || i === steps - 1) {
    const [n, p] = [log[i], torch.log[i]];
    console.log(`${String(i).padStart(5)} ${n.loss.toFixed(5).padStart(12)} ${p.loss.toFixed(5).padStart(12)} ${(n.loss - p.loss).toFixed(5).padStart(9)} ${(n.gradNorm ?? NaN).toFixed(4).padStart(11)} ${p.gradNorm.toFixed(4).padStart(11)} ${n.lr.toExponential(3).padStart(10)} ${p.lr.toExponential(3).padStart(11)}`);
  }
}
for (let from = 0; from < steps; from += 50) {
  const to = Math.min(steps, from + 50);
  console.log(`steps ${from}–${to - 1}: mean loss nabla ${mean(log.slice(from, to).map((s) => s.loss)).toFixed(4)} · torch ${mean(torch.log.slice(from, to).map((s) => s.loss)).toFixed(4)}`);
}
