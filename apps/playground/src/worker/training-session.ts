/** The training side: data, network, optimizer and backend, behind the TrainingApi. */
import { activate, type BackendName } from '../backends/backend-registry.js';
import { traceNetworkExample } from '../backprop/network-trace.js';
import { buildData } from '../data/point-set.js';
import type { GridOutputs } from '../model/grid-outputs.js';
import type { LayerGradients } from '../model/layer-gradients.js';
import { Trainer } from '../model/trainer.js';
import { networkSpec, trainingSettings } from '../app/model-spec.js';
import { classCount, type LayerWeights, type PlaygroundState } from '../state/state.js';
import type { BuildResult, InspectResult, TraceResult, TrainingApi, TrainResult } from './training-api.js';
import { inspectExample } from '../model/example-inspection.js';

/** Owns one Trainer at a time on the active backend. */
export class TrainingSession implements TrainingApi {
  private trainer: Trainer | null = null;
  private state: PlaygroundState | null = null;
  private backend: BackendName = 'js';

  private current(): Trainer {
    if (this.trainer === null) throw new Error('the network is not built yet');
    return this.trainer;
  }

  private async rebuild(state: PlaygroundState, weights: readonly LayerWeights[] | null, epoch: number, iterations: number): Promise<BuildResult> {
    this.trainer?.dispose();
    this.trainer = null;
    const data = buildData(state, classCount(state));
    const trainer = new Trainer(networkSpec(state), trainingSettings(state), data, weights);
    trainer.epoch = epoch;
    trainer.iterations = iterations;
    this.trainer = trainer;
    this.state = state;
    return { data, sizes: trainer.network.sizes, epoch, iterations, losses: await trainer.losses() };
  }

  async build(state: PlaygroundState, carry: boolean): Promise<BuildResult> {
    const old = this.trainer;
    if (carry && old) return this.rebuild(state, await old.network.getWeights(), old.epoch, old.iterations);
    return this.rebuild(state, state.weights, 0, 0);
  }

  async train(): Promise<TrainResult> {
    const trainer = this.current();
    const before = trainer.iterations;
    await trainer.trainEpoch();
    await trainer.network.sync();
    return { epoch: trainer.epoch, iterations: trainer.iterations, steps: trainer.iterations - before, losses: await trainer.losses() };
  }

  gradients(): Promise<LayerGradients> {
    return this.current().gradients();
  }

  grid(density: number): Promise<GridOutputs> {
    return this.current().grid(density);
  }

  weights(): Promise<LayerWeights[]> {
    return this.current().network.getWeights();
  }

  async setParameter(layer: number, to: number, from: number | null, value: number): Promise<LayerWeights[]> {
    const network = this.current().network;
    await network.setParameter(layer, to, from, value);
    return network.getWeights();
  }

  async setBackend(name: BackendName): Promise<BuildResult> {
    const trainer = this.current();
    const state = this.state;
    if (state === null) throw new Error('the network is not built yet');
    const weights = await trainer.network.getWeights();
    const previous = this.backend;
    try {
      await activate(name);
      this.backend = name;
    } catch (error) {
      await activate(previous);
      throw error;
    }
    return this.rebuild(state, weights, trainer.epoch, trainer.iterations);
  }

  async inspect(index: number): Promise<InspectResult> {
    const t = this.current();
    if (t.data.train.length === 0) throw new Error('no training data to inspect');
    const i = Math.max(0, Math.min(t.data.train.length - 1, Math.floor(index)));
    const { features, target, xy } = t.trainExample(i);
    const { layers, loss } = await inspectExample(t.network, features, target);
    return { index: i, target, xy, loss, layers };
  }

  async trace(index: number): Promise<TraceResult> {
    const t = this.current();
    if (t.data.train.length === 0) throw new Error('no training data to trace');
    const i = Math.max(0, Math.min(t.data.train.length - 1, Math.floor(index)));
    const { features, target, xy } = t.trainExample(i);
    const trace = await traceNetworkExample(t.network, features, target);
    const loss = trace.nodes.find((n) => n.id === trace.output)?.value[0] ?? Number.NaN;
    return { trace, index: i, target, xy, loss };
  }
}
