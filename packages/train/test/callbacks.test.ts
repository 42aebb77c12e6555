import { SGD, crossEntropy } from '@nabla/optim';
import { describe, expect, it } from 'vitest';
import {
  EarlyStopping, GradientNormLog, History, KeepBest, MetricsLog, OneCycle, Progress, ReduceLROnPlateau, fit, oneCycleLr,
  type Callback, type EpochLog,
} from '../src/index.js';
import { arrayBatches, blobs, mlp, useJsBackend, weightsOf } from './helpers.js';

useJsBackend();

/** A callback that replays a fixed sequence of validation losses into each epoch log. */
function scripted(values: number[]): Callback {
  let i = 0;
  return {
    name: 'scripted',
    onEpochEnd: (log: EpochLog) => { (log.values as Record<string, number>).val_loss = values[i++]; },
  };
}

describe('callbacks', () => {
  it('EarlyStopping stops after `patience` epochs without improvement', async () => {
    const model = mlp();
    const result = await fit(model, {
      train: arrayBatches(blobs(16), 8), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.01 }), epochs: 20,
      callbacks: [scripted([5, 4, 4.5, 3.9, 4, 4, 4]), new EarlyStopping({ patience: 3 })],
    });
    expect(result.status).toBe('stopped');
    expect(result.epochs).toHaveLength(7);
    expect(result.reason).toMatch(/val_loss did not improve for 3 epochs \(best 3.9\)/);
    expect(result.state.finished).toBe(true);
  });

  it('ReduceLROnPlateau lowers the base rate after a plateau; the next steps use it', async () => {
    const model = mlp();
    const rates: number[] = [];
    await fit(model, {
      train: arrayBatches(blobs(16), 8), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 5,
      callbacks: [scripted([1, 1, 1, 0.5, 0.5]), new ReduceLROnPlateau({ patience: 2, factor: 0.5 }), { name: 'rates', onStepEnd: (l) => { rates.push(l.lr); } }],
    });
    // epochs 0,1,2 at 0.1; plateau after epoch 2 (two epochs without improvement) → 0.05 for epochs 3, 4
    expect(rates).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05]);
  });

  it('OneCycle follows PyTorch OneCycleLR (cos annealing) values', () => {
    // printed by torch.optim.lr_scheduler.OneCycleLR(SGD(lr=1), max_lr=1, total_steps=10, cycle_momentum=False), steps 0..9
    const torch = [0.040000000000000036, 0.52, 1.0, 0.9504846320134737, 0.8117456539497631, 0.6112620219362893, 0.38874197806371075, 0.18825834605023697, 0.049519367986526286, 4e-06];
    const ours = torch.map((_, s) => oneCycleLr(s, 10, { maxLr: 1 }));
    ours.forEach((v, i) => expect(v).toBeCloseTo(torch[i], 9));
  });

  it('OneCycle sets each step\'s rate from the planned total', async () => {
    const model = mlp();
    const rates: number[] = [];
    await fit(model, {
      train: arrayBatches(blobs(16), 8), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 5,
      callbacks: [new OneCycle({ maxLr: 1 }), { name: 'rates', onStepEnd: (l) => { rates.push(l.lr); } }],
    });
    expect(rates).toEqual(Array.from({ length: 10 }, (_, s) => oneCycleLr(s, 10, { maxLr: 1 })));
  });

  it('KeepBest keeps the parameters of the best epoch in memory, or calls save', async () => {
    const model = mlp();
    const snapshots: number[][] = [];
    const keepBest = new KeepBest();
    const saved: number[] = [];
    const saving = new KeepBest({ save: (log) => { saved.push(log.epoch); } });
    Object.assign(saving, { name: 'keepBestSave' });
    await fit(model, {
      train: arrayBatches(blobs(16), 8), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.5 }), epochs: 4,
      callbacks: [scripted([3, 1, 2, 2]), { name: 'snap', onEpochEnd: () => { snapshots.push(weightsOf(model)); } }, keepBest, saving],
    });
    expect(keepBest.bestEpoch).toBe(1);
    expect(saved).toEqual([0, 1]);
    keepBest.restore(model);
    expect(weightsOf(model)).toEqual(snapshots[1]);
    keepBest.dispose();
  });

  it('History, MetricsLog (CSV and JSON lines), GradientNormLog and Progress record what happened', async () => {
    const model = mlp();
    const csv: string[] = [];
    const jsonl: string[] = [];
    const norms: string[] = [];
    const progress: string[] = [];
    const history = new History(2);
    let gradNorms: number[] = [];
    await fit(model, {
      train: arrayBatches(blobs(24), 8), validation: arrayBatches(blobs(8, 5), 8), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 2,
      callbacks: [
        history, new MetricsLog({ format: 'csv', sink: (l) => { csv.push(l); } }), new MetricsLog({ format: 'jsonl', sink: (l) => { jsonl.push(l); } }),
        new GradientNormLog({ sink: (l) => { norms.push(l); } }), new Progress({ sink: { write: (t) => { progress.push(t); } }, unit: 'pt' }),
        { name: 'norms', onStepEnd: (l) => { gradNorms.push(l.gradNorm ?? Number.NaN); } },
      ],
    });
    expect(history.data.steps.map((s) => s.step)).toEqual([2, 4, 6]);
    expect(history.data.epochs.map((e) => e.epoch)).toEqual([0, 1]);
    expect(csv[0]).toBe('epoch,step,seconds,loss,val_loss');
    expect(csv).toHaveLength(3);
    expect(csv[2].split(',')[0]).toBe('2');
    expect(JSON.parse(jsonl[1])).toMatchObject({ epoch: 2, step: 6 });
    expect(norms).toHaveLength(6);
    expect(gradNorms.every((g) => g > 0 && Number.isFinite(g))).toBe(true);
    expect(norms[0]).toBe(`1,${gradNorms[0]}`);
    expect(progress.at(-1)).toMatch(/^epoch 2\/2 .* 3\/3 │ loss \d\.\d{4} │ \d+ pt\/s │ ETA 00:00\n$/);
    gradNorms = [];
  });

  it('gradient norms match a hand computation of the global L2 norm', async () => {
    const model = mlp();
    const source = arrayBatches(blobs(8), 8);
    let seen = 0;
    const check = { name: 'check', onStepEnd: (l: { gradNorm: number | null }) => {
      const grads = model.parameters().flatMap((p) => Array.from((p.grad?.dataSync() ?? []) as Float32Array));
      seen = l.gradNorm ?? 0;
      expect(seen).toBeCloseTo(Math.sqrt(grads.reduce((a, g) => a + g * g, 0)), 5);
    } };
    await fit(model, { train: source, loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0 }), epochs: 1, callbacks: [new GradientNormLog({ sink: () => undefined }), check] });
    expect(seen).toBeGreaterThan(0);
  });

  it('refuses two callbacks with one name and a monitor with no such figure', async () => {
    const model = mlp();
    const base = { train: arrayBatches(blobs(8), 8), loss: crossEntropy, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 1 };
    await expect(fit(model, { ...base, callbacks: [new History(), new History()] })).rejects.toThrow(/two callbacks are named 'history'/);
    await expect(fit(model, { ...base, callbacks: [new EarlyStopping()] })).rejects.toThrow(/monitors 'val_loss', but the epoch log has loss/);
  });
});

describe('Monitor mode', () => {
  it("watches losses, nats, bits, perplexity and errors for their minimum, scores for their maximum (Keras's 'auto')", async () => {
    const { Monitor } = await import('../src/callbacks/monitor.js');
    const modeOf = (monitor: string): string => new Monitor('test', { monitor }).mode;
    for (const key of ['val_loss', 'val_nats', 'val_bits_per_char', 'val_perplexity', 'val_mse', 'val_mae', 'val_error']) expect(modeOf(key), key).toBe('min');
    for (const key of ['val_accuracy', 'val_acc', 'val_top5_accuracy', 'val_auc', 'val_f1', 'val_precision', 'val_recall', 'val_iou', 'val_r2']) expect(modeOf(key), key).toBe('max');
    expect(new Monitor('test', { monitor: 'val_nats', mode: 'max' }).mode).toBe('max');
  });
});
