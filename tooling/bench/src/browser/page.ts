/**
 * The browser bench page (bundled by esbuild, served cross-origin isolated by ./section.ts): the
 * matmul, LeNet, MLP and char-LSTM workloads on Nabla wasm and webgpu and on TensorFlow.js wasm
 * and webgpu, in one page, with the same step builders as the Node bench. The Node side calls
 * `globalThis.runNablaBrowserBench(spec)` and reads the results it resolves to.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import '@nabla/backend-wasm';
import '@nabla/backend-webgpu';
import { WasmBackend } from '@nabla/backend-wasm';
import { getBackend, setBackend, tensor } from '@nabla/tensor-core';
import { charLstmStep } from '../lm/char-lstm.js';
import { tfjsCharLstmStep } from '../lm/tfjs-char-lstm.js';
import { medianMs } from '../timing.js';
import { nablaLenetStep, nablaMlpStep } from '../training/nabla-steps.js';
import { tfjsLenetStep, tfjsMlpStep } from '../training/tfjs-steps.js';
import { seededData } from '../workloads.js';
import type { BrowserContenderName, BrowserResult, BrowserSpec, BrowserWorkload } from './protocol.js';

interface Step {
  run(): Promise<unknown>;
  dispose(): void;
}

const MATMUL_N = 1024;

function nablaMatmul(): Step {
  const a = tensor(seededData(MATMUL_N * MATMUL_N, 1), [MATMUL_N, MATMUL_N]);
  const b = tensor(seededData(MATMUL_N * MATMUL_N, 2), [MATMUL_N, MATMUL_N]);
  return {
    async run() {
      const c = a.matmul(b);
      await c.data();
      c.dispose();
    },
    dispose() {
      a.dispose();
      b.dispose();
    },
  };
}

function tfjsMatmul(): Step {
  const a = tf.tensor2d(seededData(MATMUL_N * MATMUL_N, 1), [MATMUL_N, MATMUL_N]);
  const b = tf.tensor2d(seededData(MATMUL_N * MATMUL_N, 2), [MATMUL_N, MATMUL_N]);
  return {
    async run() {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    },
    dispose() {
      a.dispose();
      b.dispose();
    },
  };
}

/** Step builders per library; losses read back inside run(). */
const BUILD: Record<'nabla' | 'tfjs', Record<BrowserWorkload, () => Step>> = {
  nabla: { matmul1024: nablaMatmul, lenet: () => nablaLenetStep(64), mlp: () => nablaMlpStep(128), lm: () => charLstmStep() },
  tfjs: { matmul1024: tfjsMatmul, lenet: () => tfjsLenetStep(64), mlp: () => tfjsMlpStep(128), lm: () => tfjsCharLstmStep() },
};

/** Timing plans as the Node sections use. */
const PLANS: Record<BrowserWorkload, Parameters<typeof medianMs>[1]> = {
  matmul1024: { warmup: 10, minRuns: 3, maxRuns: 5, budgetMs: 1500 },
  lenet: { warmup: 2, warmupMs: 500, minRuns: 5, maxRuns: 30, budgetMs: 2000 },
  mlp: { warmup: 2, warmupMs: 500, minRuns: 5, maxRuns: 30, budgetMs: 2000 },
  lm: { warmup: 2, warmupMs: 1500, minRuns: 3, maxRuns: 8, budgetMs: 4000 },
};

async function activate(contender: BrowserContenderName): Promise<string> {
  const [library, backend] = contender.split('-') as ['nabla' | 'tfjs', 'wasm' | 'webgpu'];
  if (library === 'nabla') {
    await setBackend(backend);
    const active = getBackend();
    return active instanceof WasmBackend ? `${active.numThreads} threads, ${active.kernelVariant}` : backend;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not initialise its ${backend} backend`);
  await tf.ready();
  return backend === 'wasm' ? `threads ${String(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'))}, simd ${String(tf.env().getBool('WASM_HAS_SIMD_SUPPORT'))}` : backend;
}

async function measure(contender: BrowserContenderName, workload: BrowserWorkload): Promise<BrowserResult> {
  let step: Step | null = null;
  try {
    const detail = await activate(contender);
    step = BUILD[contender.startsWith('nabla') ? 'nabla' : 'tfjs'][workload]();
    const built = step;
    const ms = await medianMs(async () => {
      const loss = await built.run();
      if (typeof loss === 'number' && !Number.isFinite(loss)) throw new Error(`${workload} loss became ${loss}`);
    }, PLANS[workload]);
    return { contender, workload, ms, detail };
  } catch (err) {
    return { contender, workload, ms: null, note: (err instanceof Error ? err.message.split('\n')[0] : String(err)).slice(0, 200) };
  } finally {
    step?.dispose();
  }
}

async function runNablaBrowserBench(spec: BrowserSpec): Promise<BrowserResult[]> {
  setWasmPaths(spec.tfjsWasmPrefix);
  const results: BrowserResult[] = [];
  for (const workload of spec.workloads) {
    for (const contender of spec.contenders) {
      console.log(`progress: ${workload} ${contender}`);
      results.push(await measure(contender, workload));
    }
  }
  return results;
}

(globalThis as { runNablaBrowserBench?: typeof runNablaBrowserBench }).runNablaBrowserBench = runNablaBrowserBench;
