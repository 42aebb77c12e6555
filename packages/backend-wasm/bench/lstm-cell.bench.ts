// CPU microseconds per call of the fused LSTM cell (lstmCell, lstmCellBackward) at the char-LSTM's
// B = 32, H = 128 in float32 on one thread, next to the same math as a chain of single backend
// calls (slices, sigmoid, tanh, mul, add, sub, concat: what a step cost before the fused cell,
// without tensor-core's per-op JavaScript). Rounds alternate between the cases; the best round
// of each is reported (process CPU time, which a shared machine inflates least).
// Run: pnpm --filter @nabla/backend-wasm exec tsx --conditions=@nabla/source bench/lstm-cell.bench.ts
import os from 'node:os';
import { binaryProgram, unaryProgram, type BinaryOp, type DataId, type TensorInfo, type UnaryOp } from '@nabla/tensor-core';
import { createWasmBackend } from '../src/create-wasm-backend.js';

const [B, H] = [32, 128];
const backend = await createWasmBackend({ numThreads: 1 });

function random(shape: number[], lo: number, hi: number): TensorInfo {
  const size = shape[0] * shape[1];
  return { dataId: backend.write(Float32Array.from({ length: size }, () => lo + (hi - lo) * Math.random()), 'float32'), shape, dtype: 'float32' };
}

const gates = random([B, 4 * H], -4, 4);
const state = random([B, 2 * H], -2, 2);
const dOut = random([B, 2 * H], -1, 1);
const out: TensorInfo = { dataId: backend.lstmCell(gates, state, [B, 2 * H]), shape: [B, 2 * H], dtype: 'float32' };
const ones: TensorInfo = { dataId: backend.fill(B * H, 1, 'float32'), shape: [B, H], dtype: 'float32' };

/** Records the buffers a composite run creates, so that each run frees them. */
class Chain {
  readonly made: DataId[] = [];
  keep(id: DataId): TensorInfo {
    this.made.push(id);
    return { dataId: id, shape: [B, H], dtype: 'float32' };
  }
  part(x: TensorInfo, k: number): TensorInfo {
    return this.keep(backend.slice(x, [0, k * H], [B, H]));
  }
  unary(op: UnaryOp, x: TensorInfo): TensorInfo {
    return this.keep(backend.elementwise(unaryProgram(op, 'float32'), [x], [B, H]));
  }
  binary(op: BinaryOp, a: TensorInfo, b: TensorInfo): TensorInfo {
    return this.keep(backend.elementwise(binaryProgram(op, 'float32'), [a, b], [B, H]));
  }
  concat(a: TensorInfo, b: TensorInfo): DataId {
    return backend.concat([a, b], 1, [B, 2 * H]);
  }
  free(): void {
    for (const id of this.made) backend.disposeData(id);
  }
}

function compositeForward(): void {
  const x = new Chain();
  const [i, f, o, g] = [x.unary('sigmoid', x.part(gates, 0)), x.unary('sigmoid', x.part(gates, 1)), x.unary('sigmoid', x.part(gates, 2)), x.unary('tanh', x.part(gates, 3))];
  const next = x.binary('add', x.binary('mul', f, x.part(state, 1)), x.binary('mul', i, g));
  backend.disposeData(x.concat(x.binary('mul', o, x.unary('tanh', next)), next));
  x.free();
}

function compositeBackward(): void {
  const x = new Chain();
  const [i, f, o, g] = [x.unary('sigmoid', x.part(gates, 0)), x.unary('sigmoid', x.part(gates, 1)), x.unary('sigmoid', x.part(gates, 2)), x.unary('tanh', x.part(gates, 3))];
  const t = x.unary('tanh', x.part(out, 1));
  const dh = x.part(dOut, 0);
  const oneMinus = (v: TensorInfo): TensorInfo => x.binary('sub', ones, v);
  const dc = x.binary('add', x.part(dOut, 1), x.binary('mul', x.binary('mul', dh, o), oneMinus(x.binary('mul', t, t))));
  const di = x.binary('mul', x.binary('mul', dc, g), x.binary('mul', i, oneMinus(i)));
  const df = x.binary('mul', x.binary('mul', dc, x.part(state, 1)), x.binary('mul', f, oneMinus(f)));
  const dO = x.binary('mul', x.binary('mul', dh, t), x.binary('mul', o, oneMinus(o)));
  const dg = x.binary('mul', x.binary('mul', dc, i), oneMinus(x.binary('mul', g, g)));
  backend.disposeData(backend.concat([di, df, dO, dg], 1, [B, 4 * H]));
  backend.disposeData(x.concat(x.keep(backend.fill(B * H, 0, 'float32')), x.binary('mul', dc, f)));
  x.free();
}

const cases: [string, () => void][] = [
  ['fused forward', () => backend.disposeData(backend.lstmCell(gates, state, [B, 2 * H]))],
  ['fused backward', () => {
    const grads = backend.lstmCellBackward(gates, state, out, dOut);
    backend.disposeData(grads.dGates);
    backend.disposeData(grads.dState);
  }],
  ['composite forward (15 calls)', compositeForward],
  ['composite backward (38 calls)', compositeBackward],
];

const reps = 2000;
const best = cases.map(() => Infinity);
for (const [, run] of cases) for (let i = 0; i < reps / 4; i++) run();
for (let round = 0; round < 7; round++) {
  cases.forEach(([, run], k) => {
    const c0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) run();
    const used = process.cpuUsage(c0);
    best[k] = Math.min(best[k], (used.user + used.system) / reps);
  });
}
console.log(`wasm LSTM cell, B ${B}, H ${H}, float32, 1 thread; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
cases.forEach(([name], k) => console.log(`${name.padEnd(30)} ${best[k].toFixed(1)} µs cpu per call (best of 7 rounds of ${reps})`));
backend.dispose();
