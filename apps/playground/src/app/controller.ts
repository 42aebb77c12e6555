/** Owns the state, the trainer and the run loop; every change goes through one serial queue. */
import { buildData, type PointSet } from '../data/point-set.js';
import { featureMatrix, gridPoints } from '../data/features.js';
import { Trainer } from '../model/trainer.js';
import { activate, type BackendName } from '../backends/backend-registry.js';
import { classCount, isMulticlass, type LayerWeights, type PlaygroundState } from '../state/state.js';
import { stateToQuery } from '../state/url-state.js';
import { networkSpec, outputKind, trainingSettings } from './model-spec.js';
import { paintHeatmap, paintPoints, type HeatmapMode } from '../view/heatmap.js';
import { paintLossChart, type LossPoint } from '../view/loss-chart.js';
import type { NetworkDiagram } from '../view/network-diagram.js';
import { byId } from '../view/dom.js';
import { PLAYGROUND_FEATURES } from '@nabla/datasets';

const DENSITY = 100;
const GRID_INTERVAL_MS = 250;
const HEATMAP_PX = 300;

/** Things the controller reports to the page. */
export interface ControllerEvents {
  /** The state changed (controls should reflect it). */
  stateChanged(state: PlaygroundState): void;
  /** Measured training speed on a backend. */
  speed(backend: BackendName, stepsPerSecond: number): void;
}

/** The playground's controller. */
export class PlaygroundController {
  state: PlaygroundState;
  trainer: Trainer | null = null;
  backend: BackendName = 'js';
  playing = false;
  private history: LossPoint[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private lastGrid = 0;
  private diagramKey = '';
  private readonly speeds = new Map<BackendName, number>();

  constructor(initial: PlaygroundState, private readonly diagram: NetworkDiagram, private readonly events: ControllerEvents) {
    this.state = initial;
  }

  /** Run `task` after every queued task; errors are logged to the page's status line and rethrown. */
  enqueue<T>(task: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Write the state into the URL without a new history entry. */
  private syncUrl(): void {
    history.replaceState(null, '', `${location.pathname}?${stateToQuery(this.state)}`);
  }

  /**
   * Apply `next` and rebuild data and network. `keepWeights` carries the current parameters
   * over (when the shapes still fit) and keeps the epoch count and loss history.
   */
  update(next: PlaygroundState, keepWeights = false): Promise<void> {
    return this.enqueue(async () => {
      const old = this.trainer;
      const carried = keepWeights && old ? await old.network.getWeights() : next.weights;
      const epoch = keepWeights && old ? old.epoch : 0;
      this.state = next;
      this.rebuild(carried, epoch);
      if (!keepWeights) this.history = [];
      if (this.trainer) this.record(epoch, await this.trainer.losses());
      this.syncUrl();
      this.events.stateChanged(this.state);
      await this.refresh(true);
    });
  }

  /** Apply a change that only affects drawing (show test data, discretize): no retraining state is lost. */
  updateView(next: PlaygroundState): Promise<void> {
    return this.enqueue(async () => {
      this.state = next;
      this.syncUrl();
      this.events.stateChanged(this.state);
      await this.refresh(true);
    });
  }

  private rebuild(weights: readonly LayerWeights[] | null, epoch: number): void {
    this.trainer?.dispose();
    const data = buildData(this.state, classCount(this.state));
    this.trainer = new Trainer(networkSpec(this.state), trainingSettings(this.state), data, weights);
    this.trainer.epoch = epoch;
  }

  /** Re-initialise from the state (its seed or explicit weights), epoch 0. */
  reset(): Promise<void> {
    return this.update({ ...this.state });
  }

  /** Switch backend, moving the current parameters over; on failure the previous backend stays. */
  switchBackend(name: BackendName): Promise<void> {
    return this.enqueue(async () => {
      const weights = this.trainer ? await this.trainer.network.getWeights() : null;
      const epoch = this.trainer?.epoch ?? 0;
      const previous = this.backend;
      try {
        await activate(name);
        this.backend = name;
      } catch (error) {
        await activate(previous);
        throw error;
      } finally {
        this.rebuild(weights, epoch);
        if (this.trainer) this.record(epoch, await this.trainer.losses());
        await this.refresh(true);
      }
    });
  }

  /** Train one epoch and redraw. */
  step(): Promise<void> {
    return this.enqueue(async () => {
      await this.trainTimed();
      await this.refresh(true);
    });
  }

  /** Start or stop continuous training. */
  setPlaying(on: boolean): void {
    if (on === this.playing) return;
    this.playing = on;
    if (on) this.loop();
  }

  private loop(): void {
    if (!this.playing) return;
    void this.enqueue(async () => {
      if (!this.playing) return;
      await this.trainTimed();
      await this.refresh(performance.now() - this.lastGrid > GRID_INTERVAL_MS);
    }).then(
      () => requestAnimationFrame(() => this.loop()),
      (error: unknown) => {
        this.playing = false;
        this.events.stateChanged(this.state);
        byId('backend-status').textContent = `Training stopped: ${String(error)}`;
      },
    );
  }

  /**
   * Train one epoch, timing the updates up to a device sync (reading one bias back), so
   * asynchronous backends are not flattered; steps/s is smoothed over epochs per backend.
   */
  private async trainTimed(): Promise<void> {
    const trainer = this.trainer;
    if (!trainer) return;
    const start = performance.now();
    const before = trainer.iterations;
    await trainer.trainEpoch();
    await trainer.network.sync();
    const seconds = (performance.now() - start) / 1000;
    const steps = trainer.iterations - before;
    if (steps > 0 && seconds > 0) {
      const prev = this.speeds.get(this.backend);
      const sps = prev === undefined ? steps / seconds : 0.7 * prev + 0.3 * (steps / seconds);
      this.speeds.set(this.backend, sps);
      this.events.speed(this.backend, sps);
    }
    this.record(trainer.epoch, await trainer.losses());
  }

  private record(epoch: number, l: { train: number; test: number }): void {
    const last = this.history[this.history.length - 1];
    if (last?.epoch === epoch) this.history[this.history.length - 1] = { epoch, ...l };
    else this.history.push({ epoch, ...l });
    if (this.history.length > 2000) this.history.splice(0, this.history.length - 2000);
  }

  /** Current heatmap colouring mode. */
  mode(): HeatmapMode {
    return outputKind(this.state);
  }

  /** Points currently shown (train, and test when enabled). */
  shownPoints(): { set: PointSet; test: boolean }[] {
    if (!this.trainer) return [];
    const sets = [{ set: this.trainer.data.train, test: false }];
    if (this.state.showTestData) sets.push({ set: this.trainer.data.test, test: true });
    return sets;
  }

  /** Redraw losses, chart and points; with `grid`, also every heatmap and the diagram's weights. */
  async refresh(grid: boolean): Promise<void> {
    const trainer = this.trainer;
    if (!trainer) return;
    if (this.history.length === 0) this.record(trainer.epoch, await trainer.losses());
    const last = this.history[this.history.length - 1];
    byId('epoch').textContent = trainer.epoch.toLocaleString('en-US', { minimumIntegerDigits: 6 });
    byId('loss-test').textContent = Number.isFinite(last.test) ? last.test.toFixed(3) : '—';
    byId('loss-train').textContent = Number.isFinite(last.train) ? last.train.toFixed(3) : '—';
    const chart = byId<HTMLCanvasElement>('loss-chart');
    paintLossChart(chart, this.history, chart.clientWidth || 300, 60);
    paintPoints(byId<HTMLCanvasElement>('points'), byId('heatmap-box').clientWidth || HEATMAP_PX, this.shownPoints(), this.mode());
    if (!grid) return;
    this.lastGrid = performance.now();
    const out = await trainer.grid(DENSITY);
    const mode = this.mode();
    const k = out.outputs;
    paintHeatmap(byId<HTMLCanvasElement>('heatmap'), out.prediction, DENSITY, k, 0, mode, this.state.discretize, 0.3);
    const weights = await trainer.network.getWeights();
    const key = `${this.state.features.join()}|${trainer.network.sizes.join()}`;
    const sizes = trainer.network.sizes.slice(1);
    if (key !== this.diagramKey) {
      this.diagram.render(this.state.features, sizes, weights);
      this.diagramKey = key;
      this.paintFeatures();
    } else this.diagram.updateWeights(weights);
    out.hidden.forEach((values, layer) => {
      const units = sizes[layer];
      for (let j = 0; j < units; j++) {
        const c = this.diagram.canvas(`h:${layer}:${j}`);
        if (c) paintHeatmap(c, values, DENSITY, units, j, 'regression', false);
      }
    });
    for (let j = 0; j < k; j++) {
      const c = this.diagram.canvas(`o:${j}`);
      if (!c) continue;
      if (mode === 'multiclass') paintHeatmap(c, out.prediction, DENSITY, k, j, 'binary', this.state.discretize);
      else paintHeatmap(c, out.prediction, DENSITY, k, j, mode, this.state.discretize);
    }
  }

  /** Force the diagram to be rebuilt on the next refresh. */
  invalidateDiagram(): void {
    this.diagramKey = '';
  }

  private paintFeatures(): void {
    const density = 30;
    const values = featureMatrix(gridPoints(density), PLAYGROUND_FEATURES);
    const k = PLAYGROUND_FEATURES.length;
    for (let j = 0; j < k; j++) {
      let max = 1e-9;
      for (let i = j; i < values.length; i += k) max = Math.max(max, Math.abs(values[i]));
      const scaled = values.map((v, i) => (i % k === j ? v / max : v));
      const c = this.diagram.canvas(`f:${PLAYGROUND_FEATURES[j]}`);
      if (c) paintHeatmap(c, scaled, density, k, j, 'regression', false);
    }
  }

  /** Whether the current problem is multiclass. */
  multiclass(): boolean {
    return isMulticlass(this.state);
  }
}
