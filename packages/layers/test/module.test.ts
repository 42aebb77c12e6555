/**
 * Module: registration by field scan, naming, modes, state dicts, summary, tidy. These are
 * backend-independent mechanics, so they run here on the JS backend only; the layer value and
 * gradient suites run on every backend from @nabla/backend-conformance.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import '@nabla/backend-js';
import '@nabla/autograd';
import { setBackend, tensor, tidy, zeros, type Tensor } from '@nabla/tensor-core';
import {
  BatchNorm1d, Dense, Dropout, LSTM, Module, ReLU, Sequential, StateDictError,
} from '../src/index.js';

/** One test: a name and an async body. */
interface ModuleCase {
  readonly name: string;
  readonly run: () => Promise<void>;
}

/** Asserts `t` has `shape` and every value within `tol` (absolute + relative) of `expected`. */
async function expectClose(t: Tensor, expected: ArrayLike<number>, shape: readonly number[], tol = 1e-5): Promise<void> {
  expect([...t.shape]).toEqual([...shape]);
  const actual = await t.data();
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    if (!(diff <= tol + tol * Math.abs(expected[i]))) {
      throw new Error(`element ${i}: got ${actual[i]}, expected ${expected[i]} (|diff| ${diff} > tol ${tol})`);
    }
  }
}

class TwoLayer extends Module {
  fc1 = new Dense(4, 3, { seed: 1 });
  act = new ReLU();
  fc2 = new Dense(3, 2, { seed: 2 });

  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.act.forward(this.fc1.forward(x)));
  }
}

class WithList extends Module {
  blocks = [new Dense(2, 2, { seed: 1 }), new Dense(2, 2, { seed: 2 })];
  scale = tensor([2]);
  notAParameter = 'text';

  constructor() {
    super();
    this.scale.requiresGrad = true;
  }

  forward(x: Tensor): Tensor {
    return this.blocks.reduce((h, b) => b.forward(h), x).mul(this.scale);
  }
}

class Recurrent extends Module<[Tensor], Tensor> {
  lstm = new LSTM(3, 4, { numLayers: 2, seed: 0 });
  head = new Dense(4, 1, { seed: 0 });

  forward(x: Tensor): Tensor {
    return this.head.forward(this.lstm.forward(x).output);
  }
}

/** The Module suite. */
const moduleCases: ModuleCase[] = [
  {
    name: 'fields are registered in order with dotted PyTorch names',
    run: async () => {
      const m = new TwoLayer();
      expect(m.namedParameters().map(([n]) => n)).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
      expect(m.parameters()[0]).toBe(m.fc1.weight);
      expect(m.namedChildren().map(([n]) => n)).toEqual(['fc1', 'act', 'fc2']);
      expect(m.numParameters()).toBe(4 * 3 + 3 + 3 * 2 + 2);
    },
  },
  {
    name: 'Sequential names children 0, 1, ... and chains forward',
    run: async () => {
      const seq = new Sequential(new Dense(2, 2, { seed: 0 }), new ReLU(), new Dense(2, 1, { seed: 1 }));
      expect(seq.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
      expect(seq.length).toBe(3);
      seq.loadStateDict({
        '0.weight': tensor([[1, 0], [0, -1]]), '0.bias': tensor([0, 0]),
        '2.weight': tensor([[1, 1]]), '2.bias': tensor([0.5]),
      });
      // [3, 4] → [3, −4] → relu [3, 0] → 3 + 0 + 0.5
      await expectClose(seq.forward(tensor([[3, 4]])), [3.5], [1, 1]);
      expect(() => seq.at(5)).toThrow(/out of range/);
    },
  },
  {
    name: 'arrays of modules are module lists; plain tensors with requiresGrad are parameters (own ones first, like PyTorch)',
    run: async () => {
      const m = new WithList();
      expect(m.namedParameters().map(([n]) => n)).toEqual(['scale', 'blocks.0.weight', 'blocks.0.bias', 'blocks.1.weight', 'blocks.1.bias']);
    },
  },
  {
    name: 'recurrent parameters use PyTorch names',
    run: async () => {
      const names = new Recurrent().namedParameters().map(([n]) => n);
      expect(names).toEqual([
        'lstm.weight_ih_l0', 'lstm.weight_hh_l0', 'lstm.bias_ih_l0', 'lstm.bias_hh_l0',
        'lstm.weight_ih_l1', 'lstm.weight_hh_l1', 'lstm.bias_ih_l1', 'lstm.bias_hh_l1',
        'head.weight', 'head.bias',
      ]);
    },
  },
  {
    name: 'buffers are in the state dict but not in parameters()',
    run: async () => {
      const seq = new Sequential(new Dense(3, 3, { seed: 0 }), new BatchNorm1d(3));
      expect(seq.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
      expect(seq.namedBuffers().map(([n]) => n)).toEqual(['1.running_mean', '1.running_var', '1.num_batches_tracked']);
      expect(Object.keys(seq.stateDict())).toEqual([
        '0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked',
      ]);
    },
  },
  {
    name: 'train() and eval() reach every descendant',
    run: async () => {
      const seq = new Sequential(new Dense(2, 2, { seed: 0 }), new Sequential(new Dropout(0.5), new ReLU()));
      expect(seq.modules().every((m) => m.training)).toBe(true);
      expect(seq.eval()).toBe(seq);
      expect(seq.modules().map((m) => m.training)).toEqual([false, false, false, false, false]);
      seq.train();
      expect(seq.modules().every((m) => m.training)).toBe(true);
    },
  },
  {
    name: 'loadStateDict keeps parameter identity and copies values',
    run: async () => {
      const a = new TwoLayer();
      const b = new TwoLayer();
      const before = b.fc1.weight;
      b.loadStateDict(a.stateDict());
      expect(b.fc1.weight).toBe(before);
      expect(b.fc1.weight.requiresGrad).toBe(true);
      await expectClose(b.fc1.weight, await a.fc1.weight.data(), [3, 4], 0);
      await expectClose(b.fc2.bias ?? b.fc2.weight, await (a.fc2.bias ?? a.fc2.weight).data(), [2], 0);
    },
  },
  {
    name: 'strict loadStateDict names missing, unexpected and mis-shaped keys',
    run: async () => {
      const m = new TwoLayer();
      const dict = { ...m.stateDict() };
      delete dict['fc2.bias'];
      dict['fc3.weight'] = zeros([1]);
      dict['fc1.bias'] = zeros([4]);
      let error: unknown = null;
      try {
        m.loadStateDict(dict);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StateDictError);
      const err = error as StateDictError;
      expect(err.missing).toEqual(['fc2.bias']);
      expect(err.unexpected).toEqual(['fc3.weight']);
      expect(err.mismatched).toEqual(['fc1.bias expects float32 [3], got float32 [4]']);
      expect(err.message).toMatch(/loadStateDict: missing keys: fc2.bias; unexpected keys: fc3.weight; mis-shaped keys: fc1.bias/);
    },
  },
  {
    name: 'non-strict loadStateDict reports missing and unexpected keys and loads the rest',
    run: async () => {
      const m = new TwoLayer();
      const result = m.loadStateDict({ 'fc1.bias': tensor([1, 2, 3]), extra: zeros([2]) }, { strict: false });
      expect(result.missing).toEqual(['fc1.weight', 'fc2.weight', 'fc2.bias']);
      expect(result.unexpected).toEqual(['extra']);
      await expectClose(m.fc1.bias ?? m.fc1.weight, [1, 2, 3], [3], 0);
      expect(() => m.loadStateDict({ 'fc1.bias': zeros([2]) }, { strict: false })).toThrow(StateDictError);
    },
  },
  {
    name: 'parameters created inside tidy survive it',
    run: async () => {
      let model: TwoLayer | null = null;
      tidy(() => {
        model = new TwoLayer();
      });
      const m = model as unknown as TwoLayer;
      expect(m.parameters().every((p) => !p.isDisposed)).toBe(true);
      const y = m.forward(tensor([[1, 2, 3, 4]]));
      expect([...y.shape]).toEqual([1, 2]);
    },
  },
  {
    name: 'summary lists each module, its parameters and the total',
    run: async () => {
      const text = new TwoLayer().summary();
      expect(text).toMatch(/^TwoLayer\n/);
      const lines = text.split('\n').map((l) => l.trim().split(/\s{2,}/));
      expect(lines).toContainEqual(['fc1', 'Dense(4 → 3)', 'weight', '[3,4]', '12']);
      expect(lines).toContainEqual(['bias', '[3]', '3']);
      expect(lines).toContainEqual(['act', 'ReLU', '-', '0']);
      expect(lines).toContainEqual(['fc2', 'Dense(3 → 2)', 'weight', '[2,3]', '6']);
      expect(lines).toContainEqual(['bias', '[2]', '2']);
      expect(text).toMatch(/Total parameters: 23$/);
    },
  },
  {
    name: 'zeroGrad clears every gradient',
    run: async () => {
      const m = new TwoLayer();
      for (const p of m.parameters()) p.grad = zeros([...p.shape]);
      m.zeroGrad();
      expect(m.parameters().every((p) => p.grad === null)).toBe(true);
    },
  },
];

describe('Module', () => {
  beforeAll(async () => {
    await setBackend('js');
  });
  for (const c of moduleCases) it(c.name, c.run);
});
