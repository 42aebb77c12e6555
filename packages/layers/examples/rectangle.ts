/**
 * Lecture exercise: a step-activation network that is positive exactly inside the rectangle
 * 0 < x₁ < 5, 0 < x₂ < 2. Each hidden unit tests one side:
 *   Θ(1) = [[0, 1, 0],    x₁ ≥ 0
 *           [5, −1, 0],   x₁ ≤ 5
 *           [0, 0, 1],    x₂ ≥ 0
 *           [2, 0, −1]]   x₂ ≤ 2
 * and the output fires only when all four do: Θ(2) = [−3.5, 1, 1, 1, 1] (sum ≥ 3.5).
 *
 * Run: pnpm --filter @nabla/layers example examples/rectangle.ts
 */
import '@nabla/backend-js';
import { setBackend, tensor } from '@nabla/tensor-core';
import { Dense, Sequential, Step } from '@nabla/layers';
import { isMain } from './is-main.js';

/** Each probe point with the network's output and whether it lies inside the rectangle. */
export interface RectangleResult {
  readonly points: [number, number][];
  readonly outputs: number[];
  readonly inside: boolean[];
}

/** A grid of probe points (none on the border) classified by the network. */
export async function rectangleExample(log: (line: string) => void = console.log): Promise<RectangleResult> {
  await setBackend('js');
  const net = new Sequential(
    Dense.fromTheta([[0, 1, 0], [5, -1, 0], [0, 0, 1], [2, 0, -1]]),
    new Step(),
    Dense.fromTheta([[-3.5, 1, 1, 1, 1]]),
    new Step(),
  );
  const points: [number, number][] = [];
  for (let x1 = -1.75; x1 <= 6.5; x1 += 0.5) for (let x2 = -0.75; x2 <= 3; x2 += 0.5) points.push([x1, x2]);
  const outputs = Array.from(await net.forward(tensor(points)).data());
  const inside = points.map(([a, b]) => a > 0 && a < 5 && b > 0 && b < 2);
  const positives = outputs.filter((v) => v === 1).length;
  log(`${points.length} probe points, ${positives} classified inside, ${inside.filter(Boolean).length} truly inside`);
  for (let x2 = 2.75; x2 >= -0.75; x2 -= 0.5) {
    const row = points.map((p, i) => (p[1] === x2 ? (outputs[i] === 1 ? '#' : '.') : '')).join('');
    log(`x₂=${x2.toFixed(2).padStart(5)} ${row}`);
  }
  return { points, outputs, inside };
}

if (isMain(import.meta.url)) await rectangleExample();
