import { describe, expect, it } from 'vitest';
import { ProgramBuilder, clipProgram, programConstants, type ElementwiseProgram } from '@nabla/tensor-core';
import { compileRow, interpretedRow, strideClass } from '../src/elementwise/compile-row.js';

/** Run a row function over one row of `len` outputs into a Float64Array. */
function runRow(row: ReturnType<typeof compileRow>, program: ElementwiseProgram, inputs: Float32Array[], strides: number[], len: number): number[] {
  const out = new Float64Array(len);
  row(out, 0, len, inputs, inputs.map(() => 0), strides, programConstants(program));
  return Array.from(out);
}

describe('elementwise row compiler', () => {
  // sigmoid(x * 0.5 + y) where y > 0, else -x: a fused chain with constants, a comparison and where
  const program = (() => {
    const p = new ProgramBuilder();
    const px = p.input('float32');
    const py = p.input('float32');
    const ps = p.unary('sigmoid', p.binary('add', p.binary('mul', px, p.constant(0.5, 'float32')), py));
    p.where(p.binary('greater', py, p.constant(0, 'float32')), ps, p.unary('neg', px));
    return p.build();
  })();
  const xs = Float32Array.from([-2, -0.5, 0, 1, 3, NaN]);
  const ys = Float32Array.from([1, -1, 2, 0, 0.25, 1]);
  /** Independent loop: float32 rounding after every step, like eager ops. */
  const expected = Array.from(xs, (xv, i) => {
    const f = Math.fround;
    const t = f(f(f(xv * 0.5) + ys[i]));
    const sig = f(1 / (1 + Math.exp(-t)));
    return ys[i] > 0 ? sig : f(-xv);
  });

  it('generated code and the CSP-safe interpreter agree with an independent loop', () => {
    const classes = [strideClass(1), strideClass(1)];
    const generated = runRow(compileRow(program, classes), program, [xs, ys], [1, 1], xs.length);
    const interpreted = runRow(interpretedRow(program), program, [xs, ys], [1, 1], xs.length);
    expect(interpreted).toEqual(generated);
    generated.forEach((v, i) => (Number.isNaN(expected[i]) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(expected[i], 6)));
  });

  it('reads broadcast (stride 0) and strided inputs', () => {
    const clip = clipProgram('float32', -1, 1);
    const data = Float32Array.from([5, 0.25, -3, NaN, 0.5]);
    const strided = runRow(interpretedRow(clip), clip, [data], [2], 3);
    expect(strided).toEqual([1, -1, 0.5]);
    const generated = runRow(compileRow(clip, ['n']), clip, [data], [2], 3);
    expect(generated).toEqual(strided);
    const broadcast = runRow(compileRow(clip, ['0']), clip, [data], [0], 3);
    expect(broadcast).toEqual([1, 1, 1]);
  });
});
