/**
 * The char-GPT sections: training tokens/s of the GPT step (4 layers, 4 heads, embedding
 * 128, block 128, batch 16) per Nabla backend, and KV-cache generation: the time of one new token
 * with the cache against re-running the full prefix, at length 256.
 */
import { KVCache } from '@nabla/layers';
import { setBackend } from '@nabla/tensor-core';
import { fmt, renderTable } from '../table.js';
import { medianMs } from '../timing.js';
import { CHAR_GPT, CharGpt, cachedStep, charGptStep, fullPrefixStep, prefill, type CharGptConfig } from './char-gpt.js';

const why = (err: unknown): string => (err instanceof Error ? err.message.split('\n')[0] : String(err)).slice(0, 200);

/** Tokens per second of one backend's training step, or why it did not run. */
export interface GptResult {
  readonly name: string;
  readonly msPerStep: number | null;
  readonly tokensPerSecond: number | null;
  readonly note?: string;
}

/** Median training-step time on each Nabla backend. */
export async function measureGpt(backends: readonly string[], config: CharGptConfig = CHAR_GPT): Promise<GptResult[]> {
  const results: GptResult[] = [];
  for (const backend of backends) {
    const name = `nabla-${backend}`;
    let step: ReturnType<typeof charGptStep> | null = null;
    try {
      await setBackend(backend);
      step = charGptStep(config);
      const built = step;
      const ms = await medianMs(async () => {
        const loss = await built.run();
        if (!Number.isFinite(loss)) throw new Error(`char-GPT loss became ${loss}`);
      }, { warmup: 1, minRuns: 3, maxRuns: 3, budgetMs: 8000 });
      results.push({ name, msPerStep: ms, tokensPerSecond: (config.batchSize * config.blockSize * 1000) / ms });
    } catch (err) {
      results.push({ name, msPerStep: null, tokensPerSecond: null, note: why(err) });
    } finally {
      step?.dispose();
    }
  }
  return results;
}

/** The training table. */
export function renderGpt(results: readonly GptResult[], config: CharGptConfig = CHAR_GPT): string {
  const c = config;
  const header = `char-GPT training step (${c.layers} layers, ${c.heads} heads, embedding ${c.embedding}, block ${c.blockSize}, batch ${c.batchSize}, vocab ${c.vocabSize}; pre-norm causal MultiheadAttention + GELU MLP, tied head; forward, backward, clip, AdamW)`;
  const table = renderTable(['contender', 'ms/step', 'tokens/s'], results.map((r) => [r.name, fmt(r.msPerStep, 1), fmt(r.tokensPerSecond, 0)]));
  const notes = results.filter((r) => r.note !== undefined).map((r) => `  not measured — ${r.name}: ${r.note}`);
  return [header, table, ...notes].join('\n');
}

/** The generation model: the training shape with a block of 256 so the prefix can reach 256. */
export const KV_GPT: CharGptConfig = { ...CHAR_GPT, blockSize: 256, batchSize: 1 };
/** Length of the prefix at which one token is generated. */
export const KV_LENGTH = 256;

/** Per-token generation time with and without the KV cache on one backend. */
export interface KvResult {
  readonly name: string;
  readonly cachedMs: number | null;
  readonly fullMs: number | null;
  readonly note?: string;
}

/**
 * On each backend: the median time of one new token at position KV_LENGTH − 1 continuing a
 * cached prefix (the caches are refilled to KV_LENGTH − 1 steps, untimed, before every timed
 * token) against a full forward over the KV_LENGTH-token prefix.
 */
export async function measureKvCache(backends: readonly string[]): Promise<KvResult[]> {
  const results: KvResult[] = [];
  for (const backend of backends) {
    const name = `nabla-${backend}`;
    let model: CharGpt | null = null;
    const caches = KVCache.forLayers(KV_GPT.layers, KV_GPT.blockSize);
    try {
      await setBackend(backend);
      const built = new CharGpt(KV_GPT).eval();
      model = built;
      const tokens = Int32Array.from({ length: KV_LENGTH }, (_, i) => (i * 7 + 3) % KV_GPT.vocabSize);
      const prefix = tokens.subarray(0, KV_LENGTH - 1);
      const plan = { warmup: 1, minRuns: 5, maxRuns: 11, budgetMs: 3000 };
      const fullMs = await medianMs(() => fullPrefixStep(built, tokens), plan);
      // the timed region is one cached token; refilling the caches happens outside it
      const times: number[] = [];
      let cachedMs = 0;
      for (let i = 0; i < plan.maxRuns + 1; i++) {
        for (const c of caches) c.reset();
        await prefill(built, caches, prefix);
        const t = await medianMs(() => cachedStep(built, caches, tokens[KV_LENGTH - 1]), { warmup: 0, minRuns: 1, maxRuns: 1, budgetMs: 0 });
        if (i > 0) times.push(t);
      }
      times.sort((a, b) => a - b);
      cachedMs = times[times.length >> 1];
      results.push({ name, cachedMs, fullMs });
    } catch (err) {
      results.push({ name, cachedMs: null, fullMs: null, note: why(err) });
    } finally {
      for (const c of caches) c.dispose();
      model?.dispose();
    }
  }
  return results;
}

/** The generation table: ms per token each way and the speed-up. */
export function renderKvCache(results: readonly KvResult[]): string {
  const c = KV_GPT;
  const header = `char-GPT generation, one token at length ${KV_LENGTH} (${c.layers} layers, ${c.heads} heads, embedding ${c.embedding}, batch 1): ms per token with the KV cache vs re-running the full prefix (speed-up = full / cached)`;
  const rows = results.map((r) => [r.name, fmt(r.cachedMs, 2), fmt(r.fullMs, 2), fmt(r.cachedMs !== null && r.fullMs !== null ? r.fullMs / r.cachedMs : null, 1)]);
  const notes = results.filter((r) => r.note !== undefined).map((r) => `  not measured — ${r.name}: ${r.note}`);
  return [header, renderTable(['backend', 'cached ms/token', 'full-prefix ms/token', 'speed-up'], rows, 1), ...notes].join('\n');
}
