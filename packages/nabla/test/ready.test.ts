/**
 * The umbrella package picks a backend at runtime: the best one that starts (webgpu > wasm > js),
 * or the one named by `ready({ backend })` or NABLA_BACKEND. Each case runs in a fresh Node
 * process importing the built package, since the backend registry is per process.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWebGPUBackend } from '@nabla/backend-webgpu';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs an ES module body that ends by printing one JSON line; returns it parsed. */
function runScript(body: string, env: Record<string, string> = {}): unknown {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NABLA_BACKEND'));
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', body], {
    cwd: packageDir, encoding: 'utf8', env: { ...base, ...env }, timeout: 60_000,
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? 'null');
}

const chooseAndCompute = `
import * as nb from '@nabla/nabla';
const backend = await nb.ready();
const product = await nb.tensor([[1, 2], [3, 4]]).matmul(nb.tensor([[5], [6]])).data();
console.log(JSON.stringify({ backend: backend.name, current: nb.backendName(), product: Array.from(product) }));
`;

// What this machine offers, found without the umbrella package: WebGPU where an adapter starts (Dawn + a driver), else wasm.
let best = 'wasm';
beforeAll(async () => {
  try {
    await createWebGPUBackend();
    best = 'webgpu';
  } catch {
    best = 'wasm';
  }
}, 60_000);

describe('ready()', () => {
  it('registers webgpu, wasm and js, best first, initialising none of them on import', () => {
    const out = runScript(`
import * as nb from '@nabla/nabla';
console.log(JSON.stringify(nb.listBackends()));
`);
    expect(out).toEqual([
      { name: 'webgpu', priority: 3, initialized: false },
      { name: 'wasm', priority: 2, initialized: false },
      { name: 'js', priority: 1, initialized: false },
    ]);
  });

  it('picks the best backend that starts on this machine and computes on it', () => {
    expect(runScript(chooseAndCompute)).toEqual({ backend: best, current: best, product: [17, 39] });
  }, 60_000);

  it('takes the backend from ready({ backend }) and from NABLA_BACKEND', () => {
    expect(runScript(chooseAndCompute.replace('nb.ready()', "nb.ready({ backend: 'js' })"))).toEqual({ backend: 'js', current: 'js', product: [17, 39] });
    expect(runScript(chooseAndCompute, { NABLA_BACKEND: 'wasm' })).toEqual({ backend: 'wasm', current: 'wasm', product: [17, 39] });
    // the option wins over the environment
    expect(runScript(chooseAndCompute.replace('nb.ready()', "nb.ready({ backend: 'js' })"), { NABLA_BACKEND: 'wasm' })).toMatchObject({ backend: 'js' });
  }, 60_000);

  it('skips a backend that fails to start, and refuses unknown or failing explicit choices', () => {
    const out = runScript(`
import * as nb from '@nabla/nabla';
nb.registerBackend('broken', () => { throw new Error('no such device'); }, 10);
const errorOf = (p) => p.then(() => 'resolved', (e) => e.constructor.name + ': ' + e.message);
const explicit = await errorOf(nb.ready({ backend: 'broken' }));
const unknown = await errorOf(nb.ready({ backend: 'tpu' }));
const chosen = (await nb.ready()).name;
console.log(JSON.stringify({ explicit, unknown, chosen }));
`);
    expect(out).toEqual({
      explicit: "BackendError: setBackend: backend 'broken' failed to initialise: no such device",
      unknown: "BackendError: ready: ready({ backend: 'tpu' }) names no registered backend (registered: js, wasm, webgpu, broken)",
      chosen: best,
    });
    expect(runScript(chooseAndCompute.replace('nb.ready()', 'nb.ready().catch((e) => ({ name: e.message }))'), { NABLA_BACKEND: 'tpu' }))
      .toMatchObject({ backend: expect.stringContaining("NABLA_BACKEND='tpu' names no registered backend") });
  }, 60_000);
});
