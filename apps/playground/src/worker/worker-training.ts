/** The page's side of the training worker: TrainingApi calls as messages. */
import type { TrainingApi, TrainingRequest, TrainingResponse } from './training-api.js';

type Pending = { resolve(value: unknown): void; reject(error: Error): void };

/** A TrainingApi whose work runs in a dedicated module worker. */
export class WorkerTraining implements TrainingApi {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker = new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module', name: 'playground-training' });
    this.worker.onmessage = (ev: MessageEvent<TrainingResponse>) => {
      const reply = ev.data;
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(new Error(reply.message));
    };
    this.worker.onerror = (ev) => {
      const error = new Error(`training worker failed: ${ev.message}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
  }

  private call<K extends keyof TrainingApi>(method: K, ...args: Parameters<TrainingApi[K]>): ReturnType<TrainingApi[K]> {
    const id = this.nextId++;
    const promise = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, method, args } as TrainingRequest);
    });
    return promise as ReturnType<TrainingApi[K]>;
  }

  build: TrainingApi['build'] = (...args) => this.call('build', ...args);
  train: TrainingApi['train'] = (...args) => this.call('train', ...args);
  gradients: TrainingApi['gradients'] = (...args) => this.call('gradients', ...args);
  grid: TrainingApi['grid'] = (...args) => this.call('grid', ...args);
  weights: TrainingApi['weights'] = (...args) => this.call('weights', ...args);
  setParameter: TrainingApi['setParameter'] = (...args) => this.call('setParameter', ...args);
  setBackend: TrainingApi['setBackend'] = (...args) => this.call('setBackend', ...args);
  trace: TrainingApi['trace'] = (...args) => this.call('trace', ...args);
  inspect: TrainingApi['inspect'] = (...args) => this.call('inspect', ...args);
}
