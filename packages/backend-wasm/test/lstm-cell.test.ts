import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryProgram, unaryProgram, type DataId, type DType, type TensorInfo } from '@nabla/tensor-core';
import { createWasmBackend } from '../src/create-wasm-backend.js';
import type { WasmBackend } from '../src/wasm-backend.js';
import { MIN_PARALLEL_LSTM_GATES } from '../src/runtime/parallel-thresholds.js';
import { uniform } from './support/random.js';
import { lstmCell as refCell, lstmCellBackward as refBackward } from '@nabla/backend-conformance/reference';

/** The cell's three results as float64 values. */
interface Cell {
  readonly out: Float64Array;
  readonly dGates: Float64Array;
  readonly dState: Float64Array;
}

/** The operands of one case: gates [B, 4H], state [B, 2H], dOut [B, 2H]. */
interface Operands {
  readonly B: number;
  readonly H: number;
  readonly gates: readonly number[];
  readonly state: readonly number[];
  readonly dOut: readonly number[];
}

function operands(B: number, H: number, seed: number): Operands {
  // float32-exact values, so both dtypes start from the same numbers
  const draw = (n: number, s: number, lo: number, hi: number): number[] => uniform(n, s, lo, hi).map(Math.fround);
  return { B, H, gates: draw(B * 4 * H, seed, -4, 4), state: draw(B * 2 * H, seed + 1, -2, 2), dOut: draw(B * 2 * H, seed + 2, -1, 1) };
}

/** Float64 reference from the suite's loops (the backward reads c' from the reference forward). */
function reference({ B, H, gates, state, dOut }: Operands): Cell {
  const out = refCell(gates, state, B, H);
  return { out, ...refBackward(gates, state, out, dOut, B, H) };
}

function info(backend: WasmBackend, values: readonly number[], shape: number[], dtype: DType): TensorInfo {
  const data = dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
  return { dataId: backend.write(data, dtype), shape, dtype };
}

/** lstmCell and lstmCellBackward on `backend`, the backward fed the backend's own forward output. */
function fused(backend: WasmBackend, x: Operands, dtype: DType): Cell {
  const { B, H } = x;
  const gates = info(backend, x.gates, [B, 4 * H], dtype);
  const state = info(backend, x.state, [B, 2 * H], dtype);
  const out: TensorInfo = { dataId: backend.lstmCell(gates, state, [B, 2 * H]), shape: [B, 2 * H], dtype };
  const grads = backend.lstmCellBackward(gates, state, out, info(backend, x.dOut, [B, 2 * H], dtype));
  const read = (id: DataId): Float64Array => Float64Array.from(backend.readSync(id) as Float32Array | Float64Array);
  const cell = { out: read(out.dataId), dGates: read(grads.dGates), dState: read(grads.dState) };
  for (const id of [gates.dataId, state.dataId, out.dataId, grads.dGates, grads.dState]) backend.disposeData(id);
  return cell;
}

/** Entries where got and want differ by more than atol + rtol·|want| (NaN only matches NaN). */
function mismatches(got: Float64Array, want: Float64Array, rtol: number, atol: number): string[] {
  const bad: string[] = [];
  for (let k = 0; k < want.length; k++) {
    const ok = Number.isNaN(want[k]) ? Number.isNaN(got[k]) : Math.abs(got[k] - want[k]) <= atol + rtol * Math.abs(want[k]);
    if (!ok && bad.length < 5) bad.push(`[${k}] got ${got[k]}, want ${want[k]}`);
  }
  return bad;
}

function expectCell(got: Cell, want: Cell, rtol: number, atol: number, what: string): void {
  for (const name of ['out', 'dGates', 'dState'] as const) {
    expect(got[name].length, `${what} ${name}`).toBe(want[name].length);
    expect(mismatches(got[name], want[name], rtol, atol), `${what} ${name}`).toEqual([]);
  }
}

/** float32 against the float64 reference: the conformance suite's transcendental tolerance. */
const F32 = { rtol: 1e-5, atol: 1e-6 };
const F64 = { rtol: 1e-12, atol: 1e-12 };

describe('fused LSTM cell on the wasm backend', () => {
  let one: WasmBackend;
  let two: WasmBackend;
  beforeAll(async () => {
    [one, two] = [await createWasmBackend({ numThreads: 1 }), await createWasmBackend({ numThreads: 2 })];
  });
  afterAll(() => {
    one.dispose();
    two.dispose();
  });

  // 3×5: H not a multiple of 4 (a SIMD step then a scalar column per gate); 32×128: the char-LSTM step.
  for (const [B, H] of [[1, 1], [3, 5], [2, 7], [32, 128]] as const) {
    it(`matches the float64 reference at B ${B}, H ${H} in float32 and float64`, () => {
      const x = operands(B, H, B * 100 + H);
      const want = reference(x);
      expectCell(fused(one, x, 'float32'), want, F32.rtol, F32.atol, 'float32');
      expectCell(fused(one, x, 'float64'), want, F64.rtol, F64.atol, 'float64');
    });
  }

  it('saturates at ±30 and ±∞ (σ → 0 or 1, tanh → ±1) and propagates NaN, in both dtypes', () => {
    const H = 9;
    const x = operands(2, H, 77);
    const specials = [30, -30, Infinity, -Infinity, NaN, 60, -60];
    // every gate of row 0 gets the specials in its first columns (so the SIMD step and the scalar tail both see them)
    const gates = [...x.gates];
    for (let k = 0; k < 4; k++) specials.forEach((v, j) => (gates[k * H + ((j + k) % H)] = v));
    gates[4 * H + 3 * H + 8] = Infinity; // row 1, candidate, last (scalar) column
    const withSpecials = { ...x, gates };
    const want = reference(withSpecials);
    expect(want.out.some(Number.isNaN) && want.dGates.some(Number.isNaN)).toBe(true);
    expectCell(fused(one, withSpecials, 'float32'), want, F32.rtol, F32.atol, 'float32');
    expectCell(fused(one, withSpecials, 'float64'), want, F64.rtol, F64.atol, 'float64');
  });

  it('gives the same bits on 1 and 2 threads where the rows are split (33 × 4·509 gate elements, H not a multiple of 4)', () => {
    const x = operands(33, 509, 5);
    expect(x.gates.length).toBeGreaterThanOrEqual(MIN_PARALLEL_LSTM_GATES);
    const want = reference(x);
    for (const dtype of ['float32', 'float64'] as const) {
      const [a, b] = [fused(one, x, dtype), fused(two, x, dtype)];
      expectCell(b, want, dtype === 'float32' ? F32.rtol : F64.rtol, dtype === 'float32' ? F32.atol : F64.atol, `${dtype}, 2 threads`);
      for (const name of ['out', 'dGates', 'dState'] as const) {
        expect(a[name].every((v, k) => Object.is(v, b[name][k])), `${dtype} ${name}`).toBe(true);
      }
    }
  });

  it("forward equals the backend's own sigmoid, tanh, mul and add chain bit for bit (float32, H 5)", () => {
    const [B, H] = [3, 5];
    const x = operands(B, H, 9);
    const fusedOut = fused(one, x, 'float32').out;
    const gate = (k: number): TensorInfo => info(one, x.gates.filter((_, e) => Math.floor((e % (4 * H)) / H) === k), [B, H], 'float32');
    const c = info(one, x.state.filter((_, e) => e % (2 * H) >= H), [B, H], 'float32');
    const apply = (op: 'sigmoid' | 'tanh', t: TensorInfo): TensorInfo => ({ ...t, dataId: one.elementwise(unaryProgram(op, 'float32'), [t], [B, H]) });
    const combine = (op: 'mul' | 'add', a: TensorInfo, b: TensorInfo): TensorInfo => ({ ...a, dataId: one.elementwise(binaryProgram(op, 'float32'), [a, b], [B, H]) });
    const next = combine('add', combine('mul', apply('sigmoid', gate(1)), c), combine('mul', apply('sigmoid', gate(0)), apply('tanh', gate(3))));
    const h = combine('mul', apply('sigmoid', gate(2)), apply('tanh', next));
    const [hs, cs] = [one.readSync(h.dataId), one.readSync(next.dataId)];
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        expect(Object.is(fusedOut[b * 2 * H + j], hs[b * H + j]), `h' [${b}, ${j}]`).toBe(true);
        expect(Object.is(fusedOut[b * 2 * H + H + j], cs[b * H + j]), `c' [${b}, ${j}]`).toBe(true);
      }
    }
  });

  it('returns empty results for B = 0 or H = 0', () => {
    for (const [B, H] of [[0, 4], [3, 0]] as const) {
      const cell = fused(one, operands(B, H, 1), 'float32');
      expect([cell.out.length, cell.dGates.length, cell.dState.length]).toEqual([0, 0, 0]);
    }
  });

  it('rejects int32 operands', () => {
    const gates = info(one, [1, 2, 3, 4], [1, 4], 'int32');
    const state = info(one, [1, 2], [1, 2], 'int32');
    expect(() => one.lstmCell(gates, state, [1, 2])).toThrow(/float32 or float64/);
    expect(() => one.lstmCellBackward(gates, state, state, state)).toThrow(/float32 or float64/);
  });
});
