/** The language-model section: tokens/s of char-LSTM training steps on every Nabla backend that initialises. */
import { setBackend } from '@nabla/tensor-core';
import { fmt, renderTable } from '../table.js';
import { medianMs } from '../timing.js';
import { CHAR_LSTM, charLstmStep } from './char-lstm.js';
import type { CharLstmConfig } from './char-lstm.js';

/** Tokens per second of one backend, or why it did not run. */
export interface LmResult {
  readonly backend: string;
  readonly msPerStep: number | null;
  readonly tokensPerSecond: number | null;
  readonly note?: string;
}

/** Median step time on each (already loaded) Nabla backend in `backends`. */
export async function measureLm(backends: readonly string[], config: CharLstmConfig = CHAR_LSTM, steps = 8): Promise<LmResult[]> {
  const results: LmResult[] = [];
  for (const backend of backends) {
    try {
      await setBackend(backend);
      const step = charLstmStep(config);
      try {
        const ms = await medianMs(async () => {
          const loss = await step.run();
          if (!Number.isFinite(loss)) throw new Error(`char-LSTM loss became ${loss} on ${backend}`);
        }, { warmup: 2, minRuns: Math.min(steps, 3), maxRuns: steps, budgetMs: 4000 });
        results.push({ backend, msPerStep: ms, tokensPerSecond: (config.batchSize * config.seqLength * 1000) / ms });
      } finally {
        step.dispose();
      }
    } catch (err) {
      results.push({ backend, msPerStep: null, tokensPerSecond: null, note: (err instanceof Error ? err.message.split('\n')[0] : String(err)).slice(0, 200) });
    }
  }
  return results;
}

/** Header line, table and notes. */
export function renderLm(results: readonly LmResult[], config: CharLstmConfig = CHAR_LSTM): string {
  const header = `char-LSTM LM training (vocab ${config.vocabSize}, embedding ${config.embedding}, hidden ${config.hidden}, sequence ${config.seqLength}, batch ${config.batchSize}; forward, BPTT, clip, Adam)`;
  const table = renderTable(['backend', 'ms/step', 'tokens/s'], results.map((r) => [`nabla-${r.backend}`, fmt(r.msPerStep, 1), fmt(r.tokensPerSecond, 0)]));
  const notes = results.filter((r) => r.note !== undefined).map((r) => `  not measured — nabla-${r.backend}: ${r.note}`);
  return [header, table, ...notes].join('\n');
}
