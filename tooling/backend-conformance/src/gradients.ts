/**
 * The gradient section of the backend conformance suite: gradCheck (analytic vs central finite
 * differences) over every recorded tensor-core op, with random shapes including broadcasting.
 * Runs in float64 when the backend supports it (tolerance 1e-5), else in float32 (tolerance 2e-2,
 * finite-difference step 5e-3: float32 rounding divided by the step dominates). All reads are
 * asynchronous, so the suite runs on WebGPU too.
 */
import { gradCheck } from '@nabla/autograd';
import { getBackend, setBackend, tensor, type DType, type OpName, type Tensor } from '@nabla/tensor-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradientCases } from './gradients/cases.js';
import { InputGen, type InputSpec } from './gradients/inputs.js';

export { gradientCases, type GradientCase, type GradientCaseTable, type GradientProblem } from './gradients/cases.js';

/** Options of the gradient conformance section. */
export interface GradientConformanceOptions {
  /** Registered backend to run on. */
  readonly backend: string;
  /** Check in float32 even when the backend has float64 (exercises the float32 tolerances). */
  readonly float32?: boolean;
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

function materialise(spec: InputSpec, floatDType: DType): Tensor {
  const dtype = spec.kind === 'float' ? floatDType : spec.kind;
  return tensor([...spec.values], [...spec.shape], dtype);
}

/** Register `describe` blocks checking every differentiable op's gradient on `options.backend`. */
export function describeGradientConformance(options: GradientConformanceOptions): void {
  describe(`gradients on '${options.backend}'${options.float32 ? ' in float32' : ''}`, () => {
    const worst = new Map<OpName, number>();
    let floatDType: DType = 'float32';

    beforeAll(async () => {
      await setBackend(options.backend);
      floatDType = getBackend().supportsFloat64 && !options.float32 ? 'float64' : 'float32';
    });

    afterAll(() => {
      const rows = [...worst.entries()].map(([op, err]) => `${op.padEnd(22)} ${err.toExponential(2)}`);
      console.info(`gradient conformance on '${options.backend}' (${floatDType}), max relative error per op:\n${rows.join('\n')}`);
    });

    for (const op of Object.keys(gradientCases) as OpName[]) {
      for (const c of gradientCases[op]) {
        it(`${op}: ${c.name}`, async () => {
          const problem = c.build(new InputGen(seedOf(`${op}/${c.name}`)));
          const inputs = problem.inputs.map((spec) => materialise(spec, floatDType));
          try {
            const result = await gradCheck(problem.f, inputs, { dtype: floatDType === 'float64' ? 'float64' : 'float32' });
            worst.set(op, Math.max(worst.get(op) ?? 0, result.maxRelError));
            const detail = result.inputs.map((r) => `input ${r.input}: ${r.maxRelError.toExponential(2)} at ${r.worstElement} (analytic ${r.analytic}, numeric ${r.numeric})`).join('; ');
            expect(result.maxRelError, `${op} ${c.name} [${result.dtype}]: ${detail}`).toBeLessThanOrEqual(result.tolerance);
          } finally {
            for (const t of inputs) t.dispose();
          }
        });
      }
    }
  });
}
