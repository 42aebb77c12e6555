import '@nabla/backend-js';
import { DTypeError, ShapeError, floor, matmul, memory, mul, ones, randn, setBackend, sin, sum, tensor, type Tensor } from '@nabla/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GradientError, enableGrad, gradCheck, isGradEnabled, noGrad, requireGrad, toJSON, traceGraph, variable, zeroGrad,
} from '../src/index.js';
import { applyRule } from '../src/graph/backward.js';
import { producerOf } from '../src/graph/node.js';

beforeAll(async () => {
  await setBackend('js');
});

function values(t: Tensor | null): number[] {
  if (!t) throw new Error('missing gradient');
  return Array.from(t.dataSync());
}

describe('leaf gradients', () => {
  it('accumulate across backward calls until zeroGrad', () => {
    const x = variable([1, 2]);
    sum(mul(x, 3)).backward();
    sum(mul(x, x)).backward();
    expect(values(x.grad)).toEqual([5, 7]);
    zeroGrad([x]);
    expect(x.grad).toBeNull();
    sum(x).backward();
    expect(values(x.grad)).toEqual([1, 1]);
  });

  it('detach() cuts the graph; backward on an untracked tensor is a GradientError', () => {
    const x = variable([1, 2]);
    const y = sum(mul(x.detach(), 2));
    expect(() => y.backward()).toThrow(GradientError);
    expect(() => y.backward()).toThrow(/does not require grad/);
  });

  it('only float tensors can require grad', () => {
    expect(() => requireGrad(tensor([1, 2], [2], 'int32'))).toThrow(DTypeError);
  });

  it('backward needs an explicit gradient for a non-scalar root, of the root shape', () => {
    const x = variable([1, 2, 3]);
    const y = mul(x, 2);
    expect(() => y.backward()).toThrow(ShapeError);
    expect(() => y.backward(ones([2]))).toThrow(/gradient \[2\] does not match root \[3\]/);
    y.backward(tensor([1, 0, -1]));
    expect(values(x.grad)).toEqual([2, 0, -2]);
  });

  it('a shape error inside backward names the op whose gradient failed and the shapes', () => {
    const a = variable(randn([2, 3]));
    const b = variable(randn([3, 4]));
    const y = matmul(a, b);
    const node = producerOf(y);
    if (!node) throw new Error('matmul was not recorded');
    const run = (): unknown => applyRule(node, ones([3, 5]), () => true);
    expect(run).toThrow(ShapeError);
    expect(run).toThrow(/^matmul: gradient failed for inputs \(\[2,3\] float32, \[3,4\] float32\) → output \[2,4\] float32 with incoming gradient \[3,5\]/);
  });
});

describe('recording switches', () => {
  it('noGrad turns recording off, enableGrad back on', () => {
    expect(isGradEnabled()).toBe(true);
    noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      enableGrad(() => expect(isGradEnabled()).toBe(true));
    });
  });
});

describe('gradCheck', () => {
  it('reports the worst relative error per input, small for correct gradients', async () => {
    const result = await gradCheck((a, b) => sum(mul(sin(a), b)), [tensor([0.1, 0.5, 1]), tensor([2, -1, 0.5])]);
    expect(result.ok).toBe(true);
    expect(result.dtype).toBe('float64');
    expect(result.inputs.map((r) => r.input)).toEqual([0, 1]);
    expect(result.maxRelError).toBeLessThan(1e-7);
  });

  it('leaves no tensors behind', async () => {
    const inputs = [tensor([[0.1, 0.5], [1, 2]]), tensor([2, -1])];
    const before = memory().numTensors;
    await gradCheck((a, b) => mul(sin(a), b), inputs);
    await traceGraph((a, b) => mul(sin(a), b), inputs);
    expect(memory().numTensors).toBe(before);
  });

  it('flags a gradient that disagrees with finite differences (floor at an integer jump)', async () => {
    const result = await gradCheck((x) => sum(floor(x)), [tensor([0.5, 1, 1.5])]);
    expect(result.ok).toBe(false);
    expect(result.inputs[0].worstElement).toBe(1);
    expect(result.inputs[0].analytic).toBe(0);
    expect(result.inputs[0].numeric).toBeGreaterThan(1000);
  });
});

describe('traceGraph', () => {
  it('lists constants as their own nodes and exports JSON that parses back to the same graph', async () => {
    const trace = await traceGraph((x) => sum(mul(x, 2)), [tensor([1, 2])], { names: ['x'] });
    const kinds = trace.nodes.map((n) => `${n.kind}:${n.op ?? n.label}`);
    expect(kinds).toEqual(['input:x', 'op:mul', 'constant:const', 'op:sum']);
    const constant = trace.nodes.find((n) => n.kind === 'constant');
    expect(constant?.value).toEqual([2]);
    expect(trace.nodes.find((n) => n.op === 'mul')?.grad).toEqual([1, 1]);
    expect(trace.nodes[0].grad).toEqual([2, 2]);
    expect(JSON.parse(toJSON(trace))).toEqual(JSON.parse(JSON.stringify(trace)));
  });
});
