/**
 * PyTorch on the CPU as a contender: finding a Python that imports torch, running
 * torch_bench.py over the workloads at 1 and 2 threads, and reading its JSON back.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Clock } from '../timing.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./torch_bench.py', import.meta.url));

/** The workloads both sides run (keys of torch_bench.py's BUILDERS). */
export const TORCH_WORKLOADS = ['matmul1024', 'lenet', 'mlp', 'lm'] as const;
/** One of TORCH_WORKLOADS. */
export type TorchWorkload = (typeof TORCH_WORKLOADS)[number];
/** Thread counts PyTorch runs at (`torch.set_num_threads`). */
export const TORCH_THREADS = [1, 2] as const;

/** One PyTorch timing. */
export interface TorchTiming {
  readonly workload: TorchWorkload;
  readonly threads: number;
  readonly ms: number;
}

/** What one torch_bench.py run measured. */
export interface TorchRun {
  readonly version: string;
  readonly python: string;
  readonly timings: readonly TorchTiming[];
}

/** A usable Python, or why none was found. */
export type TorchProbe = { readonly python: string; readonly version: string } | { readonly unavailable: string };

/**
 * Interpreters tried in order: NABLA_PYTHON, Debian's /usr/bin/python3 (where python3-torch
 * installs), then `python3` on PATH (which may be a pyenv or venv without torch).
 */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = [env.NABLA_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => p !== undefined && p !== '');
  return [...new Set(list)];
}

/** The first candidate that imports torch, or the reason none does. */
export async function probeTorch(candidates: readonly string[] = pythonCandidates()): Promise<TorchProbe> {
  const failures: string[] = [];
  for (const python of candidates) {
    try {
      const { stdout } = await run(python, ['-c', 'import torch; print(torch.__version__)'], { timeout: 120_000 });
      return { python, version: stdout.trim() };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const last = message.trim().split('\n').pop() ?? message;
      failures.push(`${python}: ${last.slice(0, 120)}`);
    }
  }
  return {
    unavailable: `no Python with PyTorch (${failures.join('; ')}); install it with 'apt-get install -y python3-torch libopenblas0-pthread' (scripts/setup-system.sh) — PyTorch section skipped`,
  };
}

/** Parse torch_bench.py's stdout; throws naming what is wrong when it is not the expected shape. */
export function parseTorchOutput(stdout: string, python: string): TorchRun {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout.trim().split('\n').pop() ?? '');
  } catch {
    throw new Error(`torch_bench.py printed no JSON: ${stdout.slice(0, 200)}`);
  }
  if (typeof raw !== 'object' || raw === null) throw new Error('torch_bench.py: expected a JSON object');
  const { version, results } = raw as { version?: unknown; results?: unknown };
  if (typeof version !== 'string' || !Array.isArray(results)) throw new Error('torch_bench.py: expected {version: string, results: [...]}');
  const timings = results.map((r: unknown, i): TorchTiming => {
    const { workload, threads, ms } = (r ?? {}) as { workload?: unknown; threads?: unknown; ms?: unknown };
    if (typeof workload !== 'string' || !(TORCH_WORKLOADS as readonly string[]).includes(workload)) throw new Error(`torch_bench.py: results[${i}] has unknown workload ${String(workload)}`);
    if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1) throw new Error(`torch_bench.py: results[${i}] has bad threads ${String(threads)}`);
    if (typeof ms !== 'number' || !(ms > 0)) throw new Error(`torch_bench.py: results[${i}] has bad ms ${String(ms)}`);
    return { workload: workload as TorchWorkload, threads, ms };
  });
  return { version, python, timings };
}

/**
 * Run `workloads` in PyTorch at each thread count, one Python process per count: Debian's torch
 * calls a generic BLAS (OpenBLAS) whose thread pool `torch.set_num_threads` does not size, so
 * OMP_NUM_THREADS and OPENBLAS_NUM_THREADS are set to the count before the interpreter starts.
 */
export async function runTorch(python: string, workloads: readonly TorchWorkload[], clock: Clock, threads: readonly number[] = TORCH_THREADS): Promise<TorchRun> {
  const runs: TorchRun[] = [];
  for (const t of threads) {
    const spec = JSON.stringify({ workloads, threads: [t], clock });
    const env = { ...process.env, OMP_NUM_THREADS: String(t), OPENBLAS_NUM_THREADS: String(t), MKL_NUM_THREADS: String(t) };
    const { stdout } = await run(python, [SCRIPT, spec], { env, maxBuffer: 1 << 20, timeout: 600_000 });
    runs.push(parseTorchOutput(stdout, python));
  }
  return { version: runs[0]?.version ?? 'unknown', python, timings: runs.flatMap((r) => r.timings) };
}
