/** The language-model section: tokens/s of char-LSTM training steps per Nabla backend, and tfjs-wasm. */
import { setBackend } from '@nabla/tensor-core';
import { fmt, renderTable } from '../table.js';
import { medianMs } from '../timing.js';
import { useTfjsBackend } from '../tfjs_contender.js';
import type { TfjsBackendName } from '../tfjs_contender.js';
import { CHAR_LSTM, charLstmStep } from './char-lstm.js';
import type { CharLstmConfig, LmTrainingStep } from './char-lstm.js';
import { tfjsCharLstmStep } from './tfjs-char-lstm.js';

/** One side of the comparison. */
export interface LmContender {
  readonly name: string;
  activate(): Promise<void>;
  build(config: CharLstmConfig): LmTrainingStep;
}

/** Nabla on one of its (already loaded) backends. */
export function nablaLm(backend: string): LmContender {
  return {
    name: `nabla-${backend}`,
    activate: async () => {
      await setBackend(backend);
    },
    build: charLstmStep,
  };
}

/** TensorFlow.js on one of its (already loaded) backends, one-hot inputs. */
export function tfjsLm(backend: TfjsBackendName): LmContender {
  return { name: `tfjs-${backend}`, activate: () => useTfjsBackend(backend), build: tfjsCharLstmStep };
}

/** Tokens per second of one contender, or why it did not run. */
export interface LmResult {
  readonly name: string;
  readonly msPerStep: number | null;
  readonly tokensPerSecond: number | null;
  readonly note?: string;
}

/** How a char-LSTM step is timed (pytorch/torch_bench.py's "lm" plan and the browser page's match it). */
export const LM_PLAN = { warmup: 2, warmupMs: 1500, minRuns: 3, maxRuns: 8, budgetMs: 4000 } as const;

/** Median step time of each contender. */
export async function measureLm(contenders: readonly LmContender[], config: CharLstmConfig = CHAR_LSTM, steps = 8): Promise<LmResult[]> {
  const results: LmResult[] = [];
  for (const contender of contenders) {
    let step: LmTrainingStep | null = null;
    try {
      await contender.activate();
      step = contender.build(config);
      const built = step;
      const ms = await medianMs(async () => {
        const loss = await built.run();
        if (!Number.isFinite(loss)) throw new Error(`char-LSTM loss became ${loss} on ${contender.name}`);
      }, { ...LM_PLAN, minRuns: Math.min(steps, LM_PLAN.minRuns), maxRuns: steps });
      results.push({ name: contender.name, msPerStep: ms, tokensPerSecond: (config.batchSize * config.seqLength * 1000) / ms });
    } catch (err) {
      results.push({ name: contender.name, msPerStep: null, tokensPerSecond: null, note: (err instanceof Error ? err.message.split('\n')[0] : String(err)).slice(0, 200) });
    } finally {
      step?.dispose();
    }
  }
  return results;
}

/** Header line, table, the nabla-wasm/tfjs-wasm ratio and notes. */
export function renderLm(results: readonly LmResult[], config: CharLstmConfig = CHAR_LSTM): string {
  const header = `char-LSTM LM training (vocab ${config.vocabSize}, embedding ${config.embedding}, hidden ${config.hidden}, sequence ${config.seqLength}, batch ${config.batchSize}; forward, BPTT, clip, Adam; tfjs with one-hot inputs)`;
  const table = renderTable(['contender', 'ms/step', 'tokens/s'], results.map((r) => [r.name, fmt(r.msPerStep, 1), fmt(r.tokensPerSecond, 0)]));
  const nabla = results.find((r) => r.name === 'nabla-wasm')?.tokensPerSecond;
  const tfjs = results.find((r) => r.name === 'tfjs-wasm')?.tokensPerSecond;
  const ratio = nabla && tfjs ? [`ratio (>1: Nabla faster): nabla-wasm/tfjs-wasm ${(nabla / tfjs).toFixed(2)}`] : [];
  const notes = results.filter((r) => r.note !== undefined).map((r) => `  not measured — ${r.name}: ${r.note}`);
  return [header, table, ...ratio, ...notes].join('\n');
}
