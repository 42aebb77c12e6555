/**
 * exportPyTorch: the generated module is loaded by the real PyTorch with load_state_dict(strict=True)
 * and computes what the Nabla model computes; weights changed in PyTorch come back through
 * importSafetensors. Unsupported constructs are typed errors naming the module path.
 */
import '@nabla/backend-js';
import '@nabla/autograd';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, matmul, randint, randn, setBackend, tanh, type Tensor } from '@nabla/tensor-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AvgPool2d, BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, Dense, Dropout, ELU, Embedding, Flatten, GELU, GRU, LSTM, LayerNorm, LeakyReLU,
  LearnedPositionalEmbedding, MaxPool2d, Module, MultiheadAttention, ReLU, RotaryEmbedding, Sequential, Sigmoid, SimpleRNN, Softmax, Tanh,
  TransformerEncoder, TransformerEncoderLayer, encodeSafetensors, type AnyModule,
} from '../../src/index.js';
import { exportPyTorchFiles } from '../../src/checkpoint/node/index.js';
import { PyTorchExportError, exportPyTorch, importSafetensors, pytorchModule, readForeignSafetensors } from '../../src/interop/index.js';
import { runPython, torchAvailable } from './torch-python.js';

/** A custom module: embedding → 2-layer LSTM → per-step dense, with a ModuleList, an own parameter and buffer. */
class Tagger extends Module<[Tensor], Tensor> {
  readonly embed = new Embedding(12, 6, { seed: 1 });
  readonly lstm = new LSTM(6, 5, { seed: 2, numLayers: 2 });
  readonly heads = [new Dense(5, 4, { seed: 3 }), new Dense(4, 3, { seed: 4 })];
  readonly scale: Tensor;
  constructor() {
    super();
    this.scale = this.registerParameter('scale', randn([3], 1, 0.1, { rng: new Rng(5) }));
    this.registerBuffer('offset', randn([3], 0, 0.1, { rng: new Rng(6) }));
  }
  forward(tokens: Tensor): Tensor {
    const h = this.lstm.forward(this.embed.forward(tokens)).output;
    return this.heads[1].forward(tanh(this.heads[0].forward(h))).mul(this.scale).add(this.getBuffer('offset'));
  }
}

const TAGGER = pytorchModule(Tagger, {
  forward: () => `def forward(self, tokens):
    h, _ = self.lstm(self.embed(tokens))
    return self.heads[1](torch.tanh(self.heads[0](h))) * self.scale + self.offset`,
});

/** Two recurrent cells side by side, summed: SimpleRNN (relu) and GRU. */
class TwoCells extends Module<[Tensor], Tensor> {
  readonly rnn = new SimpleRNN(3, 4, { seed: 7, nonlinearity: 'relu' });
  readonly gru = new GRU(3, 4, { seed: 8, numLayers: 2 });
  forward(x: Tensor): Tensor {
    return this.rnn.forward(x).output.add(this.gru.forward(x).output);
  }
}
const TWO_CELLS = pytorchModule(TwoCells, {
  attributes: () => ({ mix: 1 }),
  forward: () => 'def forward(self, x):\n    return self.rnn(x)[0] + self.mix * self.gru(x)[0]',
});

/** A tiny GPT: token + learned positions → 2 pre-norm GELU blocks (causal) → LayerNorm → logits through the token table (tied). */
class TinyGpt extends Module<[Tensor], Tensor> {
  readonly wte = new Embedding(11, 8, { seed: 41 });
  readonly wpe = new LearnedPositionalEmbedding(6, 8, { seed: 42 });
  readonly transformer = new TransformerEncoder((i) => new TransformerEncoderLayer(8, 2, {
    dimFeedforward: 32, activation: 'gelu', normFirst: true, batchFirst: true, dropout: 0.1, seed: 43 + i,
  }), 2, { norm: new LayerNorm(8) });
  forward(tokens: Tensor): Tensor {
    const h = this.transformer.forward(this.wpe.forward(this.wte.forward(tokens)), { isCausal: true });
    return matmul(h, this.wte.weight, { transposeB: true });
  }
}
const TINY_GPT = pytorchModule(TinyGpt, {
  forward: () => `def forward(self, tokens):
    t = tokens.shape[1]
    causal = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)
    h = self.transformer(self.wpe(self.wte(tokens)), mask=causal)
    return h @ self.wte.weight.t()`,
});

function vision(): Sequential {
  return new Sequential(
    new Conv2d(2, 4, 3, { seed: 11, padding: 1 }), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
    new Conv2d(4, 4, [3, 2], { seed: 12, stride: [1, 2], dilation: [2, 1], padding: 'valid', bias: false }), new LeakyReLU(0.1), new AvgPool2d(2, { stride: 1, padding: 1, countIncludePad: false }),
    new Flatten(), new Dropout(0.2), new Dense(4 * 3 * 4, 6, { seed: 13 }), new LayerNorm(6), new GELU(), new Dense(6, 5, { seed: 14 }), new Softmax(1),
  );
}

function sequence(): Sequential {
  return new Sequential(new Conv1d(3, 4, 3, { seed: 21, padding: 'same', dilation: 2 }), new BatchNorm1d(4, { momentum: 0.2 }), new ELU(0.5), new Flatten(), new Dense(32, 2, { seed: 22 }), new Sigmoid(), new Tanh());
}

let dir: string;
beforeAll(async () => {
  await setBackend('js');
  dir = await mkdtemp(join(tmpdir(), 'nabla-export-pytorch-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Relative difference max|a − b| / max|b|. */
function relative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0, scale = 1e-12;
  for (let i = 0; i < b.length; i++) { err = Math.max(err, Math.abs(a[i] - b[i])); scale = Math.max(scale, Math.abs(b[i])); }
  return a.length === b.length ? err / scale : Infinity;
}

/** Train the batch norms a little so the exported running statistics are not the defaults. */
function warmUp(m: AnyModule & { forward(x: Tensor): Tensor }, x: Tensor): void {
  m.train();
  m.forward(x);
  m.eval();
}

const runTorch = torchAvailable('exportPyTorch against PyTorch');

describe.skipIf(!runTorch)('exportPyTorch, loaded in PyTorch', () => {
  const cases: [string, () => { model: AnyModule & { forward(x: Tensor): Tensor }; x: Tensor; custom?: Parameters<typeof exportPyTorch>[1] }][] = [
    ['vision Sequential (conv, batch norm, pools, flatten, dropout, dense, layer norm, activations)', () => {
      const model = vision();
      const x = randn([3, 2, 12, 12], 0, 1, { rng: new Rng(31) });
      warmUp(model, x);
      return { model, x };
    }],
    ['sequence Sequential (Conv1d same/dilated, BatchNorm1d, ELU, Sigmoid, Tanh)', () => {
      const model = sequence();
      const x = randn([2, 3, 8], 0, 1, { rng: new Rng(32) });
      warmUp(model, x);
      return { model, x };
    }],
    ['custom module: embedding, 2-layer LSTM, module list, own parameter and buffer', () => ({ model: new Tagger(), x: randint(0, 12, [2, 5], { rng: new Rng(33) }), custom: { custom: [TAGGER], className: 'Tagger' } })],
    ['custom GPT: learned positions, TransformerEncoder of pre-norm GELU layers + LayerNorm, causal, head tied to the embedding', () => ({
      model: new TinyGpt(), x: randint(0, 11, [2, 6], { rng: new Rng(36) }), custom: { custom: [TINY_GPT] },
    })],
    ['custom module: SimpleRNN (relu) and 2-layer GRU, with an attribute', () => ({ model: new TwoCells(), x: randn([2, 4, 3], 0, 1, { rng: new Rng(34) }), custom: { custom: [TWO_CELLS] } })],
  ];

  cases.forEach(([title, make], index) => {
    it(`${title}: strict load, same outputs (≤ 1e-5)`, async () => {
      const { model, x, custom } = make();
      model.eval();
      const folder = join(dir, `case${index}`);
      const exported = await exportPyTorchFiles(folder, model, custom);
      await writeFile(join(folder, 'input.safetensors'), await encodeSafetensors({ x }));
      const expected = model.forward(x);
      const stdout = await runPython(folder, `
import torch
from nabla_safetensors import load_safetensors, save_safetensors
import model as exported
m = exported.load()
m.eval()
assert type(m).__name__ == ${JSON.stringify(exported.className)}
x = load_safetensors('input.safetensors')[0]['x']
x = x.long() if not x.is_floating_point() else x
with torch.no_grad():
    y = m(x)
save_safetensors('output.safetensors', {'y': y})
print(','.join(m.state_dict().keys()))
`);
      expect(stdout.trim().split(',')).toEqual(Object.keys(model.stateDict()));
      const y = readForeignSafetensors(new Uint8Array(await readFile(join(folder, 'output.safetensors')))).y;
      expect(y.shape).toEqual(expected.shape);
      expect(relative(expected.dataSync() as Float32Array, y.data as Float32Array)).toBeLessThan(1e-5);
    }, 240_000); // ~6 s alone; past 60 s under a loaded machine (Python imports torch per case)
  });

  it('weights changed in PyTorch (one SGD step) come back through importSafetensors and give PyTorch\'s outputs', async () => {
    const model = sequence();
    const x = randn([2, 3, 8], 0, 1, { rng: new Rng(35) });
    const folder = join(dir, 'roundtrip');
    await exportPyTorchFiles(folder, model);
    await writeFile(join(folder, 'input.safetensors'), await encodeSafetensors({ x }));
    await runPython(folder, `
import torch
from nabla_safetensors import load_safetensors, save_safetensors
import model as exported
m = exported.load()
x = load_safetensors('input.safetensors')[0]['x']
opt = torch.optim.SGD(m.parameters(), lr=0.5)
m.train()
m(x).pow(2).sum().backward()
opt.step()
m.eval()
with torch.no_grad():
    save_safetensors('output.safetensors', {'y': m(x)})
exported.save(m, 'trained.safetensors')
`);
    const before = Float32Array.from(model.forward(x).dataSync() as Float32Array);
    importSafetensors(model, new Uint8Array(await readFile(join(folder, 'trained.safetensors'))));
    model.eval();
    const after = model.forward(x).dataSync() as Float32Array;
    const torchY = readForeignSafetensors(new Uint8Array(await readFile(join(folder, 'output.safetensors')))).y.data as Float32Array;
    expect(relative(after, torchY)).toBeLessThan(1e-5);
    expect(relative(before, torchY)).toBeGreaterThan(1e-3);
    expect((model.getBuffer('1.num_batches_tracked').dataSync() as Int32Array)[0]).toBe(1);
  }, 240_000); // ~8 s alone; past 60 s under a loaded machine
});

describe('exportPyTorch errors name the module path', () => {
  beforeAll(async () => {
    await setBackend('js');
  });
  it('a custom module without a Python forward', async () => {
    const model = new Sequential(new Dense(3, 3), new Sequential(new TwoCells()));
    await expect(exportPyTorch(model)).rejects.toThrow(PyTorchExportError);
    await expect(exportPyTorch(model)).rejects.toThrow(/TwoCells at '1\.0' has no PyTorch counterpart/);
  });
  it('uneven padding and stride-2 "same" padding', async () => {
    await expect(exportPyTorch(new Sequential(new ReLU(), new Conv2d(1, 1, 3, { padding: [1, 0, 1, 1] })))).rejects.toThrow(/Conv2d at '1' pads unevenly/);
    await expect(exportPyTorch(new Sequential(new Conv1d(1, 1, 3, { padding: 'same', stride: 2 })))).rejects.toThrow(/Conv1d at '0' uses padding 'same' with a stride above 1/);
  });
  it('a submodule shared by two paths', async () => {
    const shared = new Dense(2, 2);
    await expect(exportPyTorch(new Sequential(shared, new ReLU(), shared))).rejects.toThrow(/Dense at '2' is shared/);
  });
  it('recurrent dropout between stacked layers is passed on as torch\'s dropout=', async () => {
    const { files } = await exportPyTorch(new LSTM(3, 4, { numLayers: 2, dropout: 0.3 }));
    expect(files['model.py']).toContain('nn.LSTM):\n    def __init__(self):\n        super().__init__(3, 4, num_layers=2, bias=True, batch_first=True, dropout=0.3)');
  });
  it('Transformer constructs torch cannot build: rotary attention, layers built differently', async () => {
    const rotary = new MultiheadAttention(8, 2, { rotary: new RotaryEmbedding(4, { maxLength: 16 }) });
    await expect(exportPyTorch(rotary)).rejects.toThrow(/MultiheadAttention at '\(root\)' uses rotary embeddings/);
    const mixed = new TransformerEncoder((i) => new TransformerEncoderLayer(8, 2, { dimFeedforward: 8 * (i + 1) }), 2);
    await expect(exportPyTorch(new Sequential(mixed))).rejects.toThrow(/TransformerEncoder at '0' has layers built differently/);
  });
  it('a forward that is not a method definition, and a bad class name', async () => {
    await expect(exportPyTorch(new TwoCells(), { custom: [pytorchModule(TwoCells, { forward: () => 'return x' })] })).rejects.toThrow(/must start with 'def forward\(self'/);
    await expect(exportPyTorch(new Dense(2, 2), { className: 'not valid' })).rejects.toThrow(/className 'not valid'/);
  });
});
