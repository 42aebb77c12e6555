/**
 * Owns the state and the run loop on the page; training runs behind a TrainingApi (a worker).
 * Every change goes through one serial queue, so requests reach the trainer in order.
 */
import type { PointSet, SplitData } from '../data/point-set.js';
import { featureMatrix, gridPoints } from '../data/features.js';
import type { BackendName } from '../backends/backend-registry.js';
import { isMulticlass, type PlaygroundState } from '../state/state.js';
import { stateToQuery } from '../state/url-state.js';
import { outputKind } from './model-spec.js';
import { paintHeatmap, paintPoints, type HeatmapMode } from '../view/heatmap.js';
import { paintLossChart, type LossPoint } from '../view/loss-chart.js';
import { paintLegend } from '../view/heatmap-axes.js';
import type { NetworkDiagram } from '../view/network-diagram.js';
import { byId } from '../view/dom.js';
import { PLAYGROUND_FEATURES, type PlaygroundFeature } from '@nabla/datasets';
import type { GridOutputs } from '../model/grid-outputs.js';
import type { LayerGradients } from '../model/layer-gradients.js';
import type { BuildResult, Losses, TrainingApi } from '../worker/training-api.js';

const DENSITY = 100;
const GRID_INTERVAL_MS = 250;
const HEATMAP_PX = 300;
const SPEED_WINDOW_MS = 1000;

/** Things the controller reports to the page. */
export interface ControllerEvents {
  /** The state changed (controls should reflect it). */
  stateChanged(state: PlaygroundState): void;
  /** Data or network were rebuilt (traces of the old network are stale). */
  rebuilt(): void;
  /** Measured speed on a backend: updates per second of wall time, all work included. */
  speed(backend: BackendName, stepsPerSecond: number): void;
  /** New grid outputs, weights and per-layer gradient magnitudes were drawn. */
  painted(view: PaintedView): void;
}

/** What the last full redraw showed. */
export interface PaintedView {
  readonly grid: GridOutputs;
  readonly gradients: LayerGradients;
}

/** The playground's controller. */
export class PlaygroundController {
  state: PlaygroundState;
  backend: BackendName = 'js';
  playing = false;
  /** Data, layer sizes and counters of the current network. */
  built: BuildResult | null = null;
  private epoch = 0;
  private history: LossPoint[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private lastGrid = 0;
  private loopMark = 0;
  private window = { steps: 0, ms: 0 };
  private diagramKey = '';
  private readonly speeds = new Map<BackendName, number>();
  private lastView: PaintedView | null = null;
  private hovered: string | null = null;

  /** The newest state asked for (queued edits build on it, not on the state applied so far). */
  latest: PlaygroundState;

  constructor(initial: PlaygroundState, readonly api: TrainingApi, private readonly diagram: NetworkDiagram, private readonly events: ControllerEvents) {
    this.state = initial;
    this.latest = initial;
  }

  /** The current split data (null before the first build). */
  get data(): SplitData | null {
    return this.built?.data ?? null;
  }

  /** Run `task` after every queued task; `document.body.dataset.pending` counts queued tasks. */
  enqueue<T>(task: () => Promise<T> | T): Promise<T> {
    this.setPending(+1);
    const run = this.queue.then(task).finally(() => this.setPending(-1));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private setPending(delta: number): void {
    this.pending += delta;
    document.body.dataset.pending = String(this.pending);
  }

  /** Write the state into the URL without a new history entry. */
  private syncUrl(): void {
    history.replaceState(null, '', `${location.pathname}?${stateToQuery(this.state)}`);
  }

  private adopt(built: BuildResult): void {
    this.built = built;
    this.epoch = built.epoch;
    this.record(built.epoch, built.losses);
  }

  /**
   * Apply `next` and rebuild data and network. `keepWeights` carries the current parameters
   * over (when the shapes still fit) and keeps the epoch count and loss history.
   */
  update(next: PlaygroundState, keepWeights = false): Promise<void> {
    this.latest = next;
    return this.enqueue(async () => {
      const built = await this.api.build(next, keepWeights && this.built !== null);
      this.state = next;
      if (!keepWeights) this.history = [];
      this.adopt(built);
      this.syncUrl();
      this.events.stateChanged(this.state);
      this.events.rebuilt();
      await this.refresh(true);
    });
  }

  /** Apply a change that only affects drawing (show test data, discretize): no retraining state is lost. */
  updateView(next: PlaygroundState): Promise<void> {
    this.latest = next;
    return this.enqueue(async () => {
      this.state = next;
      this.syncUrl();
      this.events.stateChanged(this.state);
      await this.refresh(true);
    });
  }

  /** Start again from new random weights (a new initSeed) on the same data, epoch 0. */
  reset(): Promise<void> {
    const initSeed = 1 + Math.floor(Math.random() * 2 ** 30);
    return this.update({ ...this.latest, initSeed, weights: null });
  }

  /** Switch backend, moving the current parameters over; on failure the previous backend stays. */
  switchBackend(name: BackendName): Promise<void> {
    return this.enqueue(async () => {
      const built = await this.api.setBackend(name);
      this.backend = name;
      this.window = { steps: 0, ms: 0 };
      this.adopt(built);
      this.events.rebuilt();
      await this.refresh(true);
    });
  }

  /** Train one epoch and redraw everything. */
  step(): Promise<void> {
    return this.enqueue(async () => {
      const start = performance.now();
      const steps = await this.trainOnce();
      await this.refresh(true);
      this.reportSpeed(steps, performance.now() - start, true);
    });
  }

  /** Start or stop continuous training; stopping redraws everything from the final parameters. */
  setPlaying(on: boolean): void {
    if (on === this.playing) return;
    this.playing = on;
    if (on) {
      this.loopMark = performance.now();
      this.window = { steps: 0, ms: 0 };
      this.loop();
    } else void this.enqueue(() => this.refresh(true));
  }

  private loop(): void {
    if (!this.playing) return;
    void this.enqueue(async () => {
      if (!this.playing) return;
      const steps = await this.trainOnce();
      await this.refresh(performance.now() - this.lastGrid > GRID_INTERVAL_MS);
      const now = performance.now();
      this.reportSpeed(steps, now - this.loopMark);
      this.loopMark = now;
    }).then(
      () => requestAnimationFrame(() => this.loop()),
      (error: unknown) => {
        this.playing = false;
        this.events.stateChanged(this.state);
        byId('backend-status').textContent = `Training stopped: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
  }

  private async trainOnce(): Promise<number> {
    if (this.built === null) return 0;
    const r = await this.api.train();
    this.epoch = r.epoch;
    this.record(r.epoch, r.losses);
    return r.steps;
  }

  /**
   * Steps per second of wall time on the active backend (training, read-backs and drawing). Time
   * and steps are summed over at least a second before dividing, so the fast epochs between
   * redraws do not outweigh the slow ones with a redraw; successive windows are smoothed.
   */
  private reportSpeed(steps: number, ms: number, flush = false): void {
    this.window.steps += steps;
    this.window.ms += ms;
    if (this.window.steps <= 0 || this.window.ms <= 0 || (!flush && this.window.ms < SPEED_WINDOW_MS)) return;
    const rate = this.window.steps / (this.window.ms / 1000);
    this.window = { steps: 0, ms: 0 };
    const prev = this.speeds.get(this.backend);
    const sps = prev === undefined ? rate : 0.5 * prev + 0.5 * rate;
    this.speeds.set(this.backend, sps);
    this.events.speed(this.backend, sps);
  }

  private record(epoch: number, l: Losses): void {
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
    const data = this.data;
    if (!data) return [];
    const sets = [{ set: data.train, test: false }];
    if (this.state.showTestData) sets.push({ set: data.test, test: true });
    return sets;
  }

  /** Redraw losses, chart and points; with `grid`, also every heatmap and the diagram's weights. */
  async refresh(grid: boolean): Promise<void> {
    const built = this.built;
    if (!built) return;
    const last = this.history[this.history.length - 1];
    byId('epoch').textContent = this.epoch.toLocaleString('en-US', { minimumIntegerDigits: 6 });
    byId('loss-test').textContent = last && Number.isFinite(last.test) ? last.test.toFixed(3) : '—';
    byId('loss-train').textContent = last && Number.isFinite(last.train) ? last.train.toFixed(3) : '—';
    const chart = byId<HTMLCanvasElement>('loss-chart');
    paintLossChart(chart, this.history, chart.clientWidth || 300, 90);
    paintPoints(byId<HTMLCanvasElement>('points'), byId('heatmap-box').clientWidth || HEATMAP_PX, this.shownPoints(), this.mode());
    if (!grid) return;
    this.lastGrid = performance.now();
    const out = await this.api.grid(DENSITY);
    const weights = await this.api.weights();
    const gradients = await this.api.gradients();
    const mode = this.mode();
    const k = out.outputs;
    this.paintPrediction(out);
    delete byId('heatmap').dataset.preview;
    paintLegend(byId('legend'), mode, k);
    const key = `${this.state.features.join()}|${built.sizes.join()}`;
    const sizes = built.sizes.slice(1);
    if (key !== this.diagramKey) {
      this.diagram.render(this.state.features, sizes, weights);
      this.diagramKey = key;
      this.paintFeatures();
    } else this.diagram.updateWeights(weights);
    this.diagram.updateGradients(gradients.weight);
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
    this.lastView = { grid: out, gradients };
    if (this.hovered !== null) this.preview(this.hovered);
    this.events.painted(this.lastView);
  }

  /**
   * Show node `key`'s output large in the main heatmap (TF Playground's hover preview), or the
   * network's prediction again for null. Uses the grid outputs of the last full redraw.
   */
  preview(key: string | null): void {
    this.hovered = key;
    const out = this.lastView?.grid;
    const canvas = byId<HTMLCanvasElement>('heatmap');
    if (!out || !this.built) return;
    const sizes = this.built.sizes.slice(1);
    const [kind, a, b] = key?.split(':') ?? [];
    if (kind === 'h' && out.hidden[Number(a)]) {
      paintHeatmap(canvas, out.hidden[Number(a)], DENSITY, sizes[Number(a)], Number(b), 'regression', false);
    } else if (kind === 'f' && (PLAYGROUND_FEATURES as readonly string[]).includes(a)) {
      const values = featureMatrix(gridPoints(DENSITY), [a as PlaygroundFeature]);
      let max = 1e-9;
      for (const v of values) max = Math.max(max, Math.abs(v));
      paintHeatmap(canvas, values.map((v) => v / max), DENSITY, 1, 0, 'regression', false);
    } else if (kind === 'o' && this.mode() === 'multiclass') {
      paintHeatmap(canvas, out.prediction, DENSITY, out.outputs, Number(a), 'binary', this.state.discretize);
    } else {
      this.paintPrediction(out);
      delete canvas.dataset.preview;
      return;
    }
    canvas.dataset.preview = key ?? '';
  }

  private paintPrediction(out: GridOutputs): void {
    paintHeatmap(byId<HTMLCanvasElement>('heatmap'), out.prediction, DENSITY, out.outputs, 0, this.mode(), this.state.discretize, 0.3);
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
