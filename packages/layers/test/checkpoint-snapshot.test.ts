/** saveCheckpoint snapshots values when it starts, and cleans temporary files of killed saves. */
import '@nabla/backend-js';
import '@nabla/autograd';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memory, setBackend, tensor, tidy, type Tensor } from '@nabla/tensor-core';
import { Adam, mse } from '@nabla/optim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint, writeFileAtomic } from '@nabla/layers/node';
import { encodeCheckpoint, decodeCheckpoint } from '../src/checkpoint/index.js';
import { Dense, ReLU, Sequential } from '../src/index.js';

let folder: string;

beforeAll(async () => {
  await setBackend('js');
  folder = await mkdtemp(join(tmpdir(), 'nabla-snapshot-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function values(tensors: Record<string, Tensor>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, Array.from(t.dataSync())]));
}

function disposeAll(tensors: Record<string, Tensor>): void {
  for (const t of Object.values(tensors)) t.dispose();
}

describe('checkpoint snapshots', () => {
  const x = tensor([[0.1, -0.4, 0.9], [1.2, 0.3, -0.7], [-0.5, 0.8, 0.2]]);
  const y = tensor([[1, 0], [0, 1], [0.5, 0.5]]);

  async function trainStep(model: Sequential, optimizer: Adam): Promise<void> {
    const loss = tidy(() => mse(model.forward(x), y));
    loss.backward();
    loss.dispose();
    optimizer.step();
    optimizer.zeroGrad();
    await tick(); // let the pending save write some bytes between steps
  }

  it.each([
    ['saveCheckpoint', async (ckpt: Parameters<typeof saveCheckpoint>[1]) => {
      const path = join(folder, 'train.safetensors');
      return { saving: saveCheckpoint(path, ckpt), load: () => loadCheckpoint(path) };
    }],
    ['encodeCheckpoint', async (ckpt: Parameters<typeof saveCheckpoint>[1]) => {
      const encoding = encodeCheckpoint(ckpt);
      return { saving: encoding, load: async () => decodeCheckpoint(await encoding) };
    }],
  ] as const)('%s started without await writes the model and Adam state of the step it started at', async (_label, start) => {
    const model = new Sequential(new Dense(3, 16, { seed: 3 }), new ReLU(), new Dense(16, 2, { seed: 4 }));
    const optimizer = new Adam(model.parameters(), { lr: 0.05 });
    for (let i = 0; i < 2; i++) await trainStep(model, optimizer);
    const optimizerState = optimizer.stateDict();
    const atSave = { model: values(model.stateDict()), optimizer: values(optimizerState.tensors as Record<string, Tensor>), meta: JSON.stringify(optimizerState.meta) };

    const { saving, load } = await start({ model: model.stateDict(), optimizer: optimizerState });
    for (let i = 0; i < 5; i++) await trainStep(model, optimizer);
    await saving;

    const loaded = await load();
    expect(values(loaded.model)).toEqual(atSave.model);
    expect(values(loaded.optimizer!.tensors)).toEqual(atSave.optimizer);
    expect(JSON.stringify(loaded.optimizer!.meta)).toBe(atSave.meta);
    // training did move on after the save started
    expect(values(model.stateDict())).not.toEqual(atSave.model);
    disposeAll(loaded.model);
    disposeAll(loaded.optimizer!.tensors);
    optimizer.disposeState();
    model.dispose();
  });

  it('writes tensors disposed after the save started, and releases every snapshot afterwards', async () => {
    const before = memory();
    const a = tensor([1, 2, 3]);
    const b = tensor([[4, 5], [6, 7]]);
    const path = join(folder, 'disposed.safetensors');
    const saving = saveCheckpoint(path, { model: { a, b } });
    a.dispose();
    b.dispose();
    await saving;
    const loaded = await loadCheckpoint(path);
    expect(values(loaded.model)).toEqual({ a: [1, 2, 3], b: [4, 5, 6, 7] });
    disposeAll(loaded.model);
    expect(memory().numBytes).toBe(before.numBytes);
    expect(memory().numTensors).toBe(before.numTensors);
  });
});

describe('temporary files of killed saves', () => {
  it('are removed by the next save of the same file; other files and live writers keep theirs', async () => {
    const target = join(folder, 'model.safetensors');
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@nabla/source', join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'killed-save.ts'), target], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const temporary = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    expect(temporary).toMatch(/^\.model\.safetensors\.\d+\.[0-9a-f]{12}\.tmp$/);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(await readdir(folder)).toContain(temporary);

    // a temporary of another target, and one of a live process (this one's parent)
    const otherTarget = `.model.safetensors.bak.${child.pid}.00112233aabb.tmp`;
    const liveWriter = `.model.safetensors.${process.ppid}.00112233aabb.tmp`;
    await writeFile(join(folder, otherTarget), 'x');
    await writeFile(join(folder, liveWriter), 'x');
    const w = tensor([1]);
    await saveCheckpoint(target, { model: { w } });
    let left = await readdir(folder);
    expect(left).not.toContain(temporary);
    expect(left).toContain(otherTarget);
    expect(left).toContain(liveWriter);

    // a save this process is still writing keeps its temporary while another save of the same file runs
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const inFlight = writeFileAtomic(target, (async function* () {
      yield new Uint8Array([1]);
      await gate;
    })());
    let writingNow: string | undefined;
    for (let i = 0; i < 1000 && writingNow === undefined; i++) {
      await tick();
      writingNow = (await readdir(folder)).find((n) => n.startsWith(`.model.safetensors.${process.pid}.`));
    }
    expect(writingNow).toBeDefined();
    await saveCheckpoint(target, { model: { w } });
    left = await readdir(folder);
    expect(left).toContain(writingNow);
    release();
    await inFlight;
    w.dispose();
    expect((await readdir(folder)).filter((n) => n.startsWith('.model.safetensors.') && n.endsWith('.tmp')).sort()).toEqual([otherTarget, liveWriter].sort());
  }, 30_000);
});
