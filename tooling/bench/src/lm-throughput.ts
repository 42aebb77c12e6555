/**
 * Language-model training throughput: a character-level LSTM (vocabulary 86 as Moby-Dick's,
 * embedding 32, hidden 128, sequence 32, batch 32), tokens per second of full training steps
 * (forward, backward through time, gradient clipping, Adam) on every backend that initialises.
 *
 *   pnpm --filter @nabla/bench exec tsx --conditions=@nabla/source src/lm-throughput.ts [--steps N]
 *
 * The model, training step and backend loading come from apps/language-model, imported by path
 * (@nabla/bench does not depend on the app, @nabla/layers, @nabla/optim or the wasm/webgpu backends).
 */
import { parseArgs } from 'node:util';
import { BACKENDS, activateBackend } from '@nabla/cli-kit';
import { measureTrainingThroughput } from '../../../apps/language-model/src/throughput.js';

const { values } = parseArgs({ options: { steps: { type: 'string' }, warmup: { type: 'string' } } });
const steps = Number(values.steps ?? 10);
const warmupSteps = Number(values.warmup ?? 2);
const config = { kind: 'lstm', vocabSize: 86, embedding: 32, hidden: 128, seqLength: 32, batchSize: 32, warmupSteps, steps } as const;

console.log(`char LSTM training throughput · embedding ${config.embedding} · hidden ${config.hidden} · sequence ${config.seqLength} · batch ${config.batchSize} · ${steps} timed steps after ${warmupSteps} warm-up`);
console.log('backend   tokens/s   ms/step');
for (const name of BACKENDS) {
  try {
    await activateBackend(name);
  } catch (err) {
    console.log(`${name.padEnd(8)}  unavailable (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
    continue;
  }
  const r = await measureTrainingThroughput(config);
  console.log(`${name.padEnd(8)}  ${Math.round(r.tokensPerSecond).toString().padStart(8)}  ${(r.secondsPerStep * 1000).toFixed(0).padStart(8)}`);
}
