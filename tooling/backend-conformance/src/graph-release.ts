/**
 * Graph release: a graph recorded outside noGrad and never differentiated (a validation loss), or
 * whose backward() failed (non-scalar root, wrong-shaped gradient), holds its saved tensors until
 * its output becomes unreachable, then the garbage collector frees them — as PyTorch does. Needs
 * `globalThis.gc` (node --expose-gc, set in the backends' vitest configs); elsewhere the section
 * is skipped with the reason printed, and under CI it fails instead.
 */
import { describe, expect, it } from 'vitest';
import * as nb from '@nabla/tensor-core';
import type { Tensor } from '@nabla/tensor-core';
import { GradientError, variable } from '@nabla/autograd';
import type { ConformanceContext } from './context.js';

const FORWARD_PASSES = 2000;
const FAILED_BACKWARDS = 500;

type Collect = () => void;

/** True under CI (where a missing gc must fail, not skip); false in browsers. */
function underCi(): boolean {
  return typeof process !== 'undefined' && Boolean(process.env.CI);
}

function exposedGc(): Collect | undefined {
  return (globalThis as { gc?: Collect }).gc;
}

/** Live tensors, tensor-core's buffers and bytes, and the backend's own live buffers and bytes. */
function snapshot(): number[] {
  const m = nb.memory();
  const own = nb.getBackend().memory();
  return [m.numTensors, m.numDataBuffers, m.numBytes, own.numDataBuffers, own.numBytes];
}

/** Collect garbage until the finalizers have run and the counts stop falling (at most 20 rounds). */
async function settle(gc: Collect): Promise<number[]> {
  await nb.synchronize(); // index checks pending on an asynchronous device hold one scalar until then
  let last = snapshot();
  for (let round = 0; round < 20; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const now = snapshot();
    if (round >= 2 && now.every((v, i) => v === last[i])) return now;
    last = now;
  }
  return last;
}

/** A two-layer MLP's parameters and a batch (kept: they outlive every pass). */
interface Model {
  readonly params: Tensor[];
  readonly x: Tensor;
  readonly labels: Tensor;
}

function makeModel(): Model {
  const rng = new nb.Rng(7);
  const w1 = variable(nb.randn([8, 16], 0, 0.3, { rng }));
  const b1 = variable(nb.zeros([16]));
  const w2 = variable(nb.randn([16, 4], 0, 0.3, { rng }));
  const x = nb.keep(nb.randn([32, 8], 0, 1, { rng }));
  const labels = nb.keep(nb.randint(0, 4, [32], { rng }));
  return { params: [w1, b1, w2], x, labels };
}

/** Logits of the MLP, recorded (outside noGrad): [32, 4]. */
function logits({ params: [w1, b1, w2], x }: Model): Tensor {
  return nb.matmul(nb.tanh(nb.add(nb.matmul(x, w1), b1)), w2);
}

/** Cross-entropy of the logits against the labels, recorded: a scalar. */
function validationLoss(model: Model): Tensor {
  const z = logits(model);
  const picked = nb.sum(nb.mul(z, nb.oneHot(model.labels, 4)), 1);
  return nb.mean(nb.sub(nb.logsumexp(z, 1), picked));
}

/** Run `count` passes in a function of their own, so no local of the loop outlives it. */
function forwardPasses(model: Model, count: number): number {
  let recorded = 0;
  for (let i = 0; i < count; i++) {
    const loss = nb.tidy(() => validationLoss(model));
    if (loss.shape.length === 0) recorded++;
    loss.dispose();
  }
  return recorded;
}

/** `count` backward() calls that fail: half on a non-scalar root, half with a wrong-shaped gradient. */
function failedBackwards(model: Model, count: number): number {
  let failures = 0;
  for (let i = 0; i < count; i++) {
    const out = nb.tidy(() => nb.sigmoid(logits(model)));
    const seed = i % 2 === 0 ? undefined : nb.ones([4, 32]);
    try {
      out.backward(seed);
    } catch (err) {
      if (err instanceof nb.ShapeError || err instanceof GradientError) failures++;
      else throw err;
    } finally {
      seed?.dispose();
      out.dispose();
    }
  }
  return failures;
}

/** Registers the graph-release section. */
export function describeGraphRelease(ctx: ConformanceContext): void {
  describe(`graph release (${ctx.backend})`, () => {
    const gc = exposedGc();
    const skip = gc === undefined && !underCi();
    if (skip) {
      console.warn(`[conformance:${ctx.backend}] skipping graph release: globalThis.gc is missing (run node with --expose-gc)`);
    }
    const test = skip ? it.skip : it;
    test(`${FORWARD_PASSES} recorded forward passes without backward, and ${FAILED_BACKWARDS} failed backward() calls, leave memory where it was once unreachable`, async () => {
      if (gc === undefined) throw new Error('graph release needs globalThis.gc: run node with --expose-gc');
      const model = makeModel();
      const start = await settle(gc);
      expect(forwardPasses(model, FORWARD_PASSES)).toBe(FORWARD_PASSES);
      expect(await settle(gc)).toEqual(start);
      expect(failedBackwards(model, FAILED_BACKWARDS)).toBe(FAILED_BACKWARDS);
      expect(await settle(gc)).toEqual(start);
      // the model still trains afterwards: a recorded pass backpropagates into every parameter
      const loss = nb.tidy(() => validationLoss(model));
      loss.backward();
      for (const p of model.params) {
        expect(p.grad?.shape).toEqual(p.shape);
        p.grad?.dispose();
        p.grad = null;
      }
      loss.dispose();
      for (const t of [...model.params, model.x, model.labels]) t.dispose();
    }, 300_000); // about 1 s on js and wasm, 4 s on lavapipe, on an idle machine; over 120 s on lavapipe at load 60
  });
}
