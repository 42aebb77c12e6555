/**
 * Lecture §2, logic with a single sigmoid neuron and a two-layer network:
 *   AND(x₁, x₂)            = g(−30 + 20x₁ + 20x₂)
 *   (NOT x₁) AND (NOT x₂)  = g( 10 − 20x₁ − 20x₂)
 *   OR(x₁, x₂)             = g(−10 + 20x₁ + 20x₂)
 *   XNOR = OR(AND, NOR): hidden layer Θ(1) = [[−30,20,20],[10,−20,−20]], output Θ(2) = [[−10,20,20]].
 * With g = sigmoid the outputs are within 5e−5 of 0 or 1 on all four inputs.
 *
 * Run: pnpm --filter @nabla/layers example examples/logic-gates.ts
 */
import '@nabla/backend-js';
import { setBackend, tensor } from '@nabla/tensor-core';
import { Dense, Sequential, Sigmoid } from '@nabla/layers';
import { isMain } from './is-main.js';

/** Outputs of each gate on the inputs (0,0), (0,1), (1,0), (1,1). */
export interface LogicGatesResult {
  readonly inputs: number[][];
  readonly and: number[];
  readonly norNot: number[];
  readonly or: number[];
  readonly xnor: number[];
}

/** Build the gates from their Θ rows and evaluate them on the truth table. */
export async function logicGatesExample(log: (line: string) => void = console.log): Promise<LogicGatesResult> {
  await setBackend('js');
  const inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
  const x = tensor(inputs);
  const gate = (theta: number[]): Sequential => new Sequential(Dense.fromTheta([theta]), new Sigmoid());
  const and = gate([-30, 20, 20]);
  const norNot = gate([10, -20, -20]);
  const or = gate([-10, 20, 20]);
  const xnor = new Sequential(
    Dense.fromTheta([[-30, 20, 20], [10, -20, -20]]), // a₁ = AND, a₂ = (NOT x₁) AND (NOT x₂)
    new Sigmoid(),
    Dense.fromTheta([[-10, 20, 20]]), // OR(a₁, a₂)
    new Sigmoid(),
  );
  const run = async (net: Sequential): Promise<number[]> => Array.from(await net.forward(x).data());
  const result = { inputs, and: await run(and), norNot: await run(norNot), or: await run(or), xnor: await run(xnor) };
  log('x₁ x₂ | AND    NOR    OR     XNOR');
  inputs.forEach(([a, b], i) => {
    const cells = [result.and[i], result.norNot[i], result.or[i], result.xnor[i]].map((v) => v.toFixed(4));
    log(` ${a}  ${b} | ${cells.join(' ')}`);
  });
  return result;
}

if (isMain(import.meta.url)) await logicGatesExample();
