/** The PyTorch side: one Python process runs a whole batch of cases (safetensors in, safetensors out). */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { encodeSafetensors } from '@nabla/layers';
import { PYTHON_SAFETENSORS_FILE, PYTHON_SAFETENSORS_SOURCE, readForeignSafetensors } from '@nabla/layers/interop';
import type { Tensor } from '@nabla/tensor-core';
import type { ParityCase } from './cases.js';
import type { CaseTensors, HostResults } from './run-nabla.js';
import { pythonPath } from './torch-probe.js';

const run = promisify(execFile);

/** The runner script, next to this file in src/ (and copied beside dist/ by the package files). */
const RUNNER = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'python', 'parity_runner.py');

/** The JSON spec PyTorch sees for a case. */
function specOf(c: ParityCase, inputNames: readonly string[]): Record<string, unknown> {
  if (c.kind === 'forward') {
    return { kind: 'forward', id: c.id, module: c.torchModule ?? null, call: c.torchCall, inputs: inputNames, grads: c.grads ?? [], train: c.train ?? false };
  }
  return {
    kind: 'train', id: c.id, module: c.torchModule, inputs: inputNames, loss: c.torchLoss, optimizer: c.torchOptimizer,
    scheduler: c.torchScheduler ?? null, steps: c.steps,
  };
}

/** PyTorch's results per case id and dtype tag ('f32', 'f64'). */
export type TorchResults = Map<string, { f32: HostResults; f64: HostResults }>;

/** Run every case in one Python process; `tensors` holds each case's tensors (from `runNabla`'s `sent`). */
export async function runTorch(cases: readonly ParityCase[], tensors: ReadonlyMap<string, CaseTensors>): Promise<TorchResults> {
  const all: Record<string, Tensor> = {};
  const specs = cases.map((c) => {
    const own = tensors.get(c.id) ?? {};
    for (const [k, t] of Object.entries(own)) all[`${c.id}/${k}`] = t;
    const inputNames = Object.keys(own).filter((k) => !k.startsWith('state/') && !/^up\d+$/.test(k));
    return specOf(c, inputNames);
  });
  const dir = await mkdtemp(join(tmpdir(), 'nabla-parity-'));
  try {
    const request = join(dir, 'request.safetensors');
    const result = join(dir, 'result.safetensors');
    await writeFile(request, await encodeSafetensors(all, { cases: JSON.stringify(specs) }));
    await writeFile(join(dir, PYTHON_SAFETENSORS_FILE), PYTHON_SAFETENSORS_SOURCE);
    await copyFile(RUNNER, join(dir, 'parity_runner.py'));
    try {
      await run(pythonPath(), [join(dir, 'parity_runner.py'), request, result], { cwd: dir, maxBuffer: 64 << 20, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr ?? '';
      throw new Error(`PyTorch parity runner failed: ${stderr.trim().split('\n').slice(-3).join(' | ') || String(err)}`);
    }
    const raw = readForeignSafetensors(new Uint8Array(await readFile(result)));
    const out: TorchResults = new Map(cases.map((c) => [c.id, { f32: new Map(), f64: new Map() }]));
    for (const [key, h] of Object.entries(raw)) {
      const m = /^(.*)\/(f32|f64)\/(.+)$/.exec(key);
      if (!m) continue;
      out.get(m[1])?.[m[2] as 'f32' | 'f64'].set(m[3], { shape: [...h.shape], data: Float64Array.from(h.data as ArrayLike<number>) });
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
