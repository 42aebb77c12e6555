/** NumPy on OpenBLAS, pinned to one thread, as the native ceiling; runs in a python3 child process. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Contender } from './contender.js';
import type { Clock } from './timing.js';
import { CONV_LAYERS, CONV_PASSES, LAYOUTS, MATMUL_SIZES } from './workloads.js';
import type { ConvLayer, ConvPass, Layout } from './workloads.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./numpy_bench.py', import.meta.url));
const THREAD_ENV = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

interface NumpyResults {
  readonly matmul: Record<string, number>;
  readonly conv: Record<string, number>;
}

/** Reports timings measured by one python run over every workload. */
export class NumpyContender implements Contender {
  readonly name = 'numpy-1thr';
  readonly notes: string[] = [];

  private constructor(private readonly results: NumpyResults) {}

  /** The contender, or the reason NumPy is unavailable. */
  static async create(clock: Clock): Promise<NumpyContender | { unavailable: string }> {
    try {
      await run('python3', ['-c', 'import numpy'], { env: { ...process.env, ...THREAD_ENV } });
    } catch {
      return { unavailable: "python3 with numpy not found (python3 -c 'import numpy' failed); numpy column skipped" };
    }
    const spec = { sizes: MATMUL_SIZES, layouts: LAYOUTS, layers: CONV_LAYERS, passes: CONV_PASSES, clock };
    const { stdout } = await run('python3', [SCRIPT, JSON.stringify(spec)], {
      env: { ...process.env, ...THREAD_ENV },
      maxBuffer: 1 << 20,
    });
    return new NumpyContender(JSON.parse(stdout) as NumpyResults);
  }

  async matmulMs(n: number, layout: Layout): Promise<number | null> {
    return this.results.matmul[`${n}${layout}`] ?? null;
  }

  async convMs(layer: ConvLayer, pass: ConvPass): Promise<number | null> {
    return this.results.conv[`${CONV_LAYERS.indexOf(layer)}:${pass}`] ?? null;
  }

  async close(): Promise<void> {}
}
