import { tensor, tidy, type Tensor } from '@nabla/tensor-core';
import { variable } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, OptimizerStateError, RMSprop, SGD, mse } from '../src/index.js';
import { useJsBackend, values } from './helpers.js';

useJsBackend();

const X = [[1, 2], [3, -1], [0.5, 0.5]];
const Y = [[1], [-2], [0.25]];

function trainSteps(params: Tensor[], opt: { step(): void; zeroGrad(): void }, steps: number): void {
  const x = tensor(X);
  const y = tensor(Y);
  for (let i = 0; i < steps; i++) {
    const loss = tidy(() => mse(x.matmul(params[0]).add(params[1]), y));
    loss.backward();
    loss.dispose();
    opt.step();
    opt.zeroGrad();
  }
  x.dispose();
  y.dispose();
}

describe('optimizer stateDict / loadStateDict', () => {
  for (const [name, make] of [
    ['Adam', (ps: Tensor[]) => new Adam(ps, { lr: 0.05, amsgrad: true })],
    ['SGD', (ps: Tensor[]) => new SGD(ps, { lr: 0.02, momentum: 0.9 })],
    ['RMSprop', (ps: Tensor[]) => new RMSprop(ps, { lr: 0.01, centered: true, momentum: 0.3 })],
    ['Adagrad', (ps: Tensor[]) => new Adagrad(ps, { lr: 0.1, lrDecay: 0.1 })],
  ] as const) {
    it(`${name}: resuming from a state dict continues training bitwise identically`, () => {
      const w = variable([[0.3], [-0.1]]);
      const b = variable([0.2]);
      const opt = make([w, b]);
      trainSteps([w, b], opt, 3);

      // a second model + optimizer resumed from copies of the first one's state
      const w2 = variable(tensor(values(w), [2, 1]));
      const b2 = variable(tensor(values(b), [1]));
      const opt2 = make([w2, b2]);
      opt2.lr = 123; // overwritten by the loaded hyperparameters
      const state = opt.stateDict();
      expect(JSON.parse(JSON.stringify(state.meta))).toEqual(state.meta);
      expect(state.meta.steps).toEqual([3, 3]);
      const copies = Object.fromEntries(Object.entries(state.tensors).map(([k, t]) => [k, tensor(values(t), t.shape as number[])]));
      opt2.loadStateDict({ tensors: copies, meta: JSON.parse(JSON.stringify(state.meta)) as unknown });
      for (const t of Object.values(copies)) t.dispose(); // the optimizer keeps its own references
      expect(opt2.lr).toBe(opt.lr);
      expect(opt2.stepCount(w2)).toBe(3);

      trainSteps([w, b], opt, 2);
      trainSteps([w2, b2], opt2, 2);
      expect(values(w2)).toEqual(values(w));
      expect(values(b2)).toEqual(values(b));
      opt.disposeState();
      opt2.disposeState();
      for (const t of [w, b, w2, b2]) t.dispose();
    });
  }

  it('rejects a state dict from another optimizer, wrong shapes, and missing or extra tensors, changing nothing', () => {
    const w = variable([[0.3], [-0.1]]);
    const b = variable([0.2]);
    const adam = new Adam([w, b], { lr: 0.05 });
    trainSteps([w, b], adam, 1);
    const good = adam.stateDict();
    const sgd = new SGD([w, b], { momentum: 0.9 });
    expect(() => sgd.loadStateDict(good)).toThrowError(/SGD.loadStateDict: state was written by 'Adam', not 'SGD'/);

    const other = new Adam([b, w], { lr: 0.01 });
    expect(() => other.loadStateDict(good)).toThrowError(OptimizerStateError);
    expect(() => other.loadStateDict(good)).toThrowError(/state tensor '0.expAvg' is float32 \[2,1\], parameter 0 is float32 \[1\]/);
    expect(other.lr).toBe(0.01);
    expect(other.stepCount(b)).toBe(0);

    const { ['1.expAvgSq']: _dropped, ...missing } = good.tensors;
    expect(() => adam.loadStateDict({ tensors: missing, meta: good.meta })).toThrowError(/missing state tensor '1.expAvgSq'/);
    const extra = tensor([1]);
    expect(() => adam.loadStateDict({ tensors: { ...good.tensors, '1.bogus': extra }, meta: good.meta })).toThrowError(/unexpected state tensor '1.bogus'/);
    expect(() => adam.loadStateDict({ tensors: good.tensors, meta: { ...good.meta, steps: [1] } })).toThrowError(/expected 2 step counts/);
    expect(() => adam.loadStateDict({ tensors: good.tensors, meta: 'nope' })).toThrowError(/meta must be an object/);
    expect(adam.stepCount(w)).toBe(1);
    extra.dispose();
    adam.disposeState();
    for (const t of [w, b]) t.dispose();
  });
});
