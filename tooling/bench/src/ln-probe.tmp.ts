import { gradients } from '@nabla/autograd';
import * as nb from '@nabla/tensor-core';
import { createWasmBackend } from '@nabla/backend-wasm';
nb.registerBackend('wasm1', () => createWasmBackend({ numThreads: 1 }));
await nb.setBackend('wasm1');
const x0 = nb.tensor(Float32Array.from({ length: 1024 * 96 }, (_, i) => Math.sin(i * 0.37)), [16, 64, 96]);
const w0 = nb.tensor(Float32Array.from({ length: 1024 * 96 }, (_, i) => Math.cos(i * 0.11)), [16, 64, 96]);
const gamma = nb.ones([96]), beta = nb.zeros([96]);
gamma.requiresGrad = true; beta.requiresGrad = true;
const oldLn = (x: nb.Tensor) => nb.add(nb.mul(nb.div(nb.sub(x, nb.mean(x, [2], { keepDims: true })), nb.sqrt(nb.add(nb.variance(x, [2], { keepDims: true }), 1e-5))), gamma), beta);
const newLn = (x: nb.Tensor) => { const c = nb.sub(x, nb.mean(x, [2], { keepDims: true })); return nb.add(nb.mul(nb.div(c, nb.sqrt(nb.add(nb.mean(nb.square(c), [2], { keepDims: true }), 1e-5))), gamma), beta); };
async function run(f: (x: nb.Tensor) => nb.Tensor): Promise<Float32Array> {
  const g = nb.tidy(() => { const x = nb.mul(x0, 1); x.requiresGrad = true; return gradients(nb.sum(nb.mul(f(x), w0)), [x, gamma, beta]).map((t) => t!); });
  const d = (await g[0].data()) as Float32Array; g.forEach((t) => t.dispose()); return d;
}
const a = await run(oldLn), b = await run(newLn);
let worst = 0; for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
console.log('max |dx old - dx new|', worst);
const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let to = 0, tn = 0;
for (let r = 0; r < 6; r++) {
  let c0 = cpu(); for (let i = 0; i < 10; i++) await run(oldLn); to += cpu() - c0;
  c0 = cpu(); for (let i = 0; i < 10; i++) await run(newLn); tn += cpu() - c0;
}
console.log(`LayerNorm fwd+bwd [16,64,96]: old ${(to / 60).toFixed(3)} ms CPU, new ${(tn / 60).toFixed(3)} ms CPU`);
process.exit(0);
