/**
 * Char-LSTM training throughput on its own (the same section `pnpm bench --only lm` runs):
 *
 *   pnpm --filter @nabla/bench exec tsx --conditions=@nabla/source src/lm-throughput.ts [--steps N]
 */
import { parseArgs } from 'node:util';
import { NABLA_BACKENDS } from './nabla_contender.js';
import { measureLm, nablaLm, renderLm } from './lm/section.js';
import { CHAR_LSTM } from './lm/char-lstm.js';

const { values } = parseArgs({ options: { steps: { type: 'string' } } });
const steps = Number(values.steps ?? 8);
const loaded: string[] = [];
for (const entry of NABLA_BACKENDS) {
  try {
    await entry.load();
    loaded.push(entry.name);
  } catch (err) {
    console.log(`note: nabla-${entry.name} not loaded: ${err instanceof Error ? err.message : String(err)}`);
  }
}
console.log(renderLm(await measureLm(loaded.map(nablaLm), CHAR_LSTM, steps)));
