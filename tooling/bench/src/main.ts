/**
 * `pnpm bench`: one run, tables with ratios, every library in the same process —
 * matmul GFLOPS and LeNet-like conv kernels (Nabla js/wasm/webgpu, tfjs cpu/wasm/webgpu, jax-js wasm,
 * NumPy as the native ceiling), LeNet and MLP training steps, char-LSTM LM throughput, fused vs
 * composite attention, char-GPT training and KV-cache generation, PyTorch on the CPU (1 and 2 threads) with
 * same-run ratios, the same workloads in headless Chromium (Nabla and TensorFlow.js, wasm and webgpu), cold start.
 * `--only=matmul,conv,lenet,mlp,lm,pytorch,browser,attention,gpt,kvcache,coldstart` picks sections; `--clock=cpu` times process CPU time.
 */
import os from 'node:os';
import type { Contender } from './contender.js';
import { JaxContender } from './jax_contender.js';
import { NABLA_BACKENDS, NablaContender } from './nabla_contender.js';
import { TfjsContender } from './tfjs_contender.js';
import type { TfjsBackendName } from './tfjs_contender.js';
import { NumpyContender } from './numpy_contender.js';
import { parseOptions } from './sections.js';
import { fmt, renderTable } from './table.js';
import { useClock } from './timing.js';
import { CONV_LAYERS, CONV_PASSES, LAYOUTS, MATMUL_SIZES, convFlops, matmulFlops } from './workloads.js';
import { jaxTrainer, measureTraining, nablaTrainer, renderTraining, tfjsTrainer } from './training/section.js';
import type { TrainingContender, TrainingResult } from './training/section.js';
import { LENET, MLP } from './training/workloads.js';
import { measureLm, nablaLm, renderLm, tfjsLm } from './lm/section.js';
import { measureColdStarts, renderColdStarts } from './cold-start.js';
import { ATTENTION_SHAPE, measureAttention, renderAttention } from './attention.js';
import { pytorchSection } from './pytorch/section.js';
import { browserSection } from './browser/section.js';
import { measureGpt, measureKvCache, renderGpt, renderKvCache } from './gpt/section.js';
import { renderTargets } from './targets.js';
import type { Measured } from './targets.js';

const progress = (msg: string): void => {
  process.stderr.write(`  … ${msg}\n`);
};
const loadavg = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const why = (err: unknown): string => (err instanceof Error ? err.message.split('\n')[0] : String(err));

/** Kernel-table ratio columns: Nabla backend / competitor on the same kind of device. */
const KERNEL_PAIRS: readonly (readonly [string, string])[] = [
  ['nabla-js', 'tfjs-cpu'],
  ['nabla-wasm', 'tfjs-wasm'],
  ['nabla-wasm', 'jax-wasm'],
  ['nabla-webgpu', 'tfjs-webgpu'],
];
const TFJS_BACKENDS: readonly TfjsBackendName[] = ['cpu', 'wasm', 'webgpu'];

async function main(): Promise<void> {
  const started = performance.now();
  const { clock, sections } = parseOptions(process.argv.slice(2));
  useClock(clock);
  console.log(`Nabla bench — node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${new Date().toISOString()}`);
  console.log(`float32; median of timed runs after warm-up; ${clock === 'cpu' ? 'process CPU time (all threads)' : 'wall-clock time'}; sections: ${[...sections].join(', ')}`);
  console.log(`load average at start: ${loadavg()} (wall-clock figures need an idle machine; try --clock=cpu)\n`);
  const measured: Measured = new Map();

  const nabla: NablaContender[] = [];
  for (const entry of NABLA_BACKENDS) {
    try {
      nabla.push(await NablaContender.create(entry));
    } catch (err) {
      console.log(`note: nabla-${entry.name} skipped: ${why(err)}`);
    }
  }
  const tfjs: TfjsContender[] = [];
  for (const backend of TFJS_BACKENDS) {
    try {
      tfjs.push(await TfjsContender.create(backend));
    } catch (err) {
      console.log(`note: tfjs-${backend} skipped: ${why(err)}`);
    }
  }
  let jax: JaxContender | null = null;
  if (sections.has('matmul') || sections.has('mlp')) {
    try {
      jax = await JaxContender.create();
    } catch (err) {
      console.log(`note: jax-wasm skipped: ${why(err)}`);
    }
  }

  if (sections.has('matmul')) await matmulSection([...nabla, ...tfjs, ...(jax ? [jax] : [])], clock, measured);
  if (sections.has('conv')) await convSection([...nabla, ...tfjs], clock);

  for (const workload of [LENET, MLP]) {
    if (!sections.has(workload === LENET ? 'lenet' : 'mlp')) continue;
    const trainers: TrainingContender[] = [...nabla.map((c) => nablaTrainer(c.backendName)), ...tfjs.map((c) => tfjsTrainer(c.backend))];
    if (workload === MLP && jax) trainers.push(jaxTrainer);
    const results: TrainingResult[] = [];
    for (const t of trainers) {
      progress(`${workload.label} ${t.name}`);
      results.push(await measureTraining(t, workload));
    }
    for (const r of results) measured.set(`${workload === LENET ? 'lenet' : 'mlp'}:${r.name}`, r.imagesPerSecond);
    console.log(`\n${renderTraining(workload, results)}`);
  }

  if (sections.has('lm')) {
    progress('char-LSTM LM');
    const contenders = [...nabla.map((c) => nablaLm(c.backendName)), ...tfjs.filter((c) => c.backend === 'wasm').map((c) => tfjsLm(c.backend))];
    const results = await measureLm(contenders);
    for (const r of results) measured.set(`lm:${r.name}`, r.tokensPerSecond);
    console.log(`\n${renderLm(results)}`);
  }

  if (sections.has('pytorch')) {
    progress('PyTorch');
    console.log(`\n${await pytorchSection(nabla, measured, clock, progress)}`);
  }

  if (sections.has('browser')) {
    progress('browser (headless Chromium)');
    console.log(`\n${await browserSection(measured, clock, progress)}`);
  }

  if (sections.has('attention')) {
    progress('fused vs composite attention');
    const results = await measureAttention(nabla.map((c) => c.backendName));
    for (const r of results.filter((x) => x.length === ATTENTION_SHAPE.length)) {
      measured.set(`attention:nabla-${r.backend}`, r.compositeMs !== null && r.fusedMs !== null ? r.compositeMs / r.fusedMs : null);
    }
    console.log(`\n${renderAttention(results)}`);
  }

  if (sections.has('gpt')) {
    progress('char-GPT training step');
    const results = await measureGpt(nabla.map((c) => c.backendName));
    for (const r of results) measured.set(`gpt:${r.name}`, r.tokensPerSecond);
    console.log(`\n${renderGpt(results)}`);
  }

  if (sections.has('kvcache')) {
    progress('char-GPT KV-cache generation');
    const results = await measureKvCache(nabla.map((c) => c.backendName));
    for (const r of results) measured.set(`kvcache:${r.name}`, r.cachedMs !== null && r.fullMs !== null ? r.fullMs / r.cachedMs : null);
    console.log(`\n${renderKvCache(results)}`);
  }

  if (sections.has('coldstart')) {
    progress('cold start');
    console.log('\ncold start: fresh `node -e` process start → first op result read back (built dist/ packages; median of 3 after 1 untimed)');
    console.log(renderColdStarts(await measureColdStarts(3)));
  }

  const targets = renderTargets(measured);
  if (targets !== '') console.log(`\n${targets}`);
  for (const c of [...nabla, ...tfjs, ...(jax ? [jax] : [])]) await c.close();
  console.log(`\nload average at end: ${loadavg()}`);
  console.log(`total bench time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Column ratios a/b for each KERNEL_PAIRS pair present in `names`. */
function pairsIn(names: readonly string[]): (readonly [number, number, string])[] {
  return KERNEL_PAIRS.flatMap(([a, b]) => {
    const i = names.indexOf(a);
    const j = names.indexOf(b);
    return i >= 0 && j >= 0 ? [[i, j, `${a}/${b}`] as const] : [];
  });
}

async function matmulSection(inProcess: Contender[], clock: 'wall' | 'cpu', measured: Measured): Promise<void> {
  // JS contenders first; numpy afterwards so it never competes with them for a core
  const matmulMs = new Map<string, (number | null)[]>();
  for (const n of MATMUL_SIZES) {
    for (const layout of LAYOUTS) {
      progress(`matmul ${n} ${layout}`);
      const row: (number | null)[] = [];
      for (const c of inProcess) row.push(await c.matmulMs(n, layout).catch((err: unknown) => note(c, err)));
      matmulMs.set(`${n}${layout}`, row);
    }
  }
  const all: Contender[] = [...inProcess];
  const numpy = await NumpyContender.create(clock);
  if ('unavailable' in numpy) console.log(`note: ${numpy.unavailable}`);
  else {
    all.push(numpy);
    for (const n of MATMUL_SIZES) for (const layout of LAYOUTS) matmulMs.get(`${n}${layout}`)?.push(await numpy.matmulMs(n, layout));
  }
  const names = all.map((c) => c.name);
  const pairs = pairsIn(names);
  console.log('\nmatmul GFLOPS (higher is better; ratio > 1 means Nabla is faster)');
  const rows: string[][] = [];
  for (const n of MATMUL_SIZES) {
    for (const layout of LAYOUTS) {
      const gflops = (matmulMs.get(`${n}${layout}`) ?? []).map((t) => (t === null ? null : matmulFlops(n) / t / 1e6));
      if (n === 1024) gflops.forEach((g, i) => measured.set(`matmul1024${layout}:${names[i]}`, g));
      rows.push([String(n), layout, ...gflops.map((g) => fmt(g, 2)), ...pairs.map(([i, j]) => fmt(ratio(gflops[i], gflops[j]), 2))]);
    }
  }
  console.log(renderTable(['size', 'layout', ...names, ...pairs.map((p) => p[2])], rows, 2));
  printNotes(all);
  if (numpy instanceof NumpyContender) console.log('numpy: OpenBLAS pinned to 1 thread. tfjs-wasm and jax-wasm run single-threaded in Node; nabla-wasm uses its worker pool.');
}

async function convSection(inProcess: Contender[], clock: 'wall' | 'cpu'): Promise<void> {
  const convMs = new Map<string, (number | null)[]>();
  for (const [i, layer] of CONV_LAYERS.entries()) {
    for (const pass of CONV_PASSES) {
      progress(`conv ${layer.label} ${pass}`);
      const row: (number | null)[] = [];
      for (const c of inProcess) row.push(await c.convMs(layer, pass).catch((err: unknown) => note(c, err)));
      convMs.set(`${i}:${pass}`, row);
    }
  }
  const all: Contender[] = [...inProcess];
  const numpy = await NumpyContender.create(clock);
  if (!('unavailable' in numpy)) {
    all.push(numpy);
    for (const [i, layer] of CONV_LAYERS.entries()) for (const pass of CONV_PASSES) convMs.get(`${i}:${pass}`)?.push(await numpy.convMs(layer, pass));
  }
  const names = all.map((c) => c.name);
  const pairs = pairsIn(names);
  console.log('\nconv2d, LeNet-like layers, NCHW (tfjs in its native NHWC): milliseconds per call (lower is better; ratio = competitor ms / Nabla ms)');
  const rows: string[][] = [];
  for (const [i, layer] of CONV_LAYERS.entries()) {
    for (const pass of CONV_PASSES) {
      const ms = convMs.get(`${i}:${pass}`) ?? [];
      const gflops = ms[0] === null || ms[0] === undefined ? null : convFlops(layer) / ms[0] / 1e6;
      rows.push([layer.label, pass, ...ms.map((t) => fmt(t, 2)), ...pairs.map(([a, b]) => fmt(ratio(ms[b], ms[a]), 2)), fmt(gflops, 2)]);
    }
  }
  console.log(renderTable(['layer', 'pass', ...names.map((n) => `${n} ms`), ...pairs.map((p) => p[2]), `${names[0]} GFLOPS`], rows, 2));
  printNotes(all);
}

/** Record why a contender could not run a workload; the cell shows '—'. */
function note(c: Contender, err: unknown): null {
  const message = `${c.name}: ${why(err)}`.slice(0, 200);
  if (!c.notes.includes(message)) c.notes.push(message);
  return null;
}

function printNotes(all: readonly Contender[]): void {
  for (const c of all) for (const n of c.notes.splice(0)) console.log(`  not measured — ${n.startsWith(c.name) ? n : `${c.name}: ${n}`}`);
}

function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
