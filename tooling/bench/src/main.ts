/**
 * `pnpm bench`: matmul GFLOPS and LeNet-like conv timings for every Nabla backend in
 * NABLA_BACKENDS, side by side with TensorFlow.js (cpu) in the same process, and NumPy as the
 * native ceiling when python3 has it.
 */
import os from 'node:os';
import type { Contender } from './contender.js';
import { NABLA_BACKENDS, NablaContender } from './nabla_contender.js';
import { TfjsContender } from './tfjs_contender.js';
import { NumpyContender } from './numpy_contender.js';
import { fmt, renderTable } from './table.js';
import { useClock } from './timing.js';
import type { Clock } from './timing.js';
import { CONV_LAYERS, CONV_PASSES, LAYOUTS, MATMUL_SIZES, convFlops, matmulFlops } from './workloads.js';

const progress = (msg: string): void => {
  process.stderr.write(`  … ${msg}\n`);
};

/** `--clock=cpu` times by process CPU time instead of wall-clock (useful when other work shares the cores). */
function parseClock(args: readonly string[]): Clock {
  const flag = args.find((a) => a.startsWith('--clock='));
  const value = flag?.slice('--clock='.length) ?? 'wall';
  if (value !== 'wall' && value !== 'cpu') throw new Error(`--clock must be 'wall' or 'cpu', got '${value}'`);
  return value;
}

async function main(): Promise<void> {
  const started = performance.now();
  const clock = parseClock(process.argv.slice(2));
  useClock(clock);
  console.log(`Nabla bench — node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${new Date().toISOString()}`);
  console.log(`float32, single JS thread; median of timed runs after warm-up; ${clock === 'cpu' ? 'process CPU time' : 'wall-clock time'}.`);
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (wall-clock figures need an idle machine; try --clock=cpu)\n`);

  const nabla: NablaContender[] = [];
  for (const entry of NABLA_BACKENDS) {
    try {
      nabla.push(await NablaContender.create(entry));
    } catch (err) {
      console.log(`note: nabla-${entry.name} skipped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const tfjs = await TfjsContender.create();
  const inProcess: Contender[] = [...nabla, tfjs];

  // JS contenders first; numpy afterwards so it never competes with them for a core
  const matmulMs = new Map<string, (number | null)[]>();
  for (const n of MATMUL_SIZES) {
    for (const layout of LAYOUTS) {
      progress(`matmul ${n} ${layout}`);
      const row: (number | null)[] = [];
      for (const c of inProcess) row.push(await c.matmulMs(n, layout));
      matmulMs.set(`${n}${layout}`, row);
    }
  }
  const convMs = new Map<string, (number | null)[]>();
  for (const [i, layer] of CONV_LAYERS.entries()) {
    for (const pass of CONV_PASSES) {
      progress(`conv ${layer.label} ${pass}`);
      const row: (number | null)[] = [];
      for (const c of inProcess) row.push(await c.convMs(layer, pass));
      convMs.set(`${i}:${pass}`, row);
    }
  }

  progress('numpy');
  const numpy = await NumpyContender.create(clock);
  const numpyNote = 'unavailable' in numpy ? numpy.unavailable : null;
  const all: Contender[] = numpyNote === null ? [...inProcess, numpy as NumpyContender] : inProcess;
  if (numpyNote === null) {
    const np = numpy as NumpyContender;
    for (const n of MATMUL_SIZES) for (const layout of LAYOUTS) matmulMs.get(`${n}${layout}`)?.push(await np.matmulMs(n, layout));
    for (const [i, layer] of CONV_LAYERS.entries()) for (const pass of CONV_PASSES) convMs.get(`${i}:${pass}`)?.push(await np.convMs(layer, pass));
  }

  const tfjsIndex = nabla.length;
  const ratioHeaders = nabla.map((c) => `${c.name}/tfjs`);

  console.log('matmul GFLOPS (higher is better; ratio > 1 means Nabla is faster than tfjs-cpu)');
  const matmulRows: string[][] = [];
  for (const n of MATMUL_SIZES) {
    for (const layout of LAYOUTS) {
      const ms = matmulMs.get(`${n}${layout}`) ?? [];
      const gflops = ms.map((t) => (t === null ? null : matmulFlops(n) / t / 1e6));
      const ratios = nabla.map((_, i) => ratio(gflops[i], gflops[tfjsIndex]));
      matmulRows.push([String(n), layout, ...gflops.map((g) => fmt(g, 2)), ...ratios.map((r) => fmt(r, 2))]);
    }
  }
  console.log(renderTable(['size', 'layout', ...all.map((c) => c.name), ...ratioHeaders], matmulRows, 2));

  console.log('\nconv2d, LeNet-like layers, NCHW (tfjs-cpu in its native NHWC): milliseconds per call (lower is better)');
  const convRows: string[][] = [];
  for (const [i, layer] of CONV_LAYERS.entries()) {
    for (const pass of CONV_PASSES) {
      const ms = convMs.get(`${i}:${pass}`) ?? [];
      const speedups = nabla.map((_, j) => ratio(ms[tfjsIndex], ms[j]));
      const gflops = ms[0] === null ? null : convFlops(layer) / ms[0] / 1e6;
      convRows.push([layer.label, pass, ...ms.map((t) => fmt(t, 2)), ...speedups.map((r) => fmt(r, 2)), fmt(gflops, 2)]);
    }
  }
  console.log(renderTable(
    ['layer', 'pass', ...all.map((c) => `${c.name} ms`), ...nabla.map((c) => `tfjs/${c.name}`), `${all[0].name} GFLOPS`],
    convRows, 2,
  ));

  if (numpyNote !== null) console.log(`\nnote: ${numpyNote}`);
  else console.log('\nnumpy: OpenBLAS pinned to 1 thread; conv via sliding_window_view + tensordot.');
  for (const c of all) await c.close();
  console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`\ntotal bench time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
