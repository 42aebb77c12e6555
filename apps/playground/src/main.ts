/** Entry point: read the state from the URL, build the controls and start the controller. */
import { PlaygroundController } from './app/controller.js';
import { bindBackpropPanel } from './app/backprop-panel.js';
import { buildBackendPanel } from './app/backend-panel.js';
import { bindDataControls, toCustomPoints } from './app/data-controls.js';
import { buildHyperControls } from './app/hyper-controls.js';
import { bindLayerControls } from './app/layer-controls.js';
import { bindParamEditor } from './app/param-editor.js';
import { outputKind } from './app/model-spec.js';
import type { PlaygroundState } from './state/state.js';
import { queryToState } from './state/url-state.js';
import { byId, fmt } from './view/dom.js';
import { NetworkDiagram } from './view/network-diagram.js';
import { fitToWidth } from './view/fit-to-width.js';
import { paintGradientChart } from './view/gradient-chart.js';
import { buildHeatmapAxes } from './view/heatmap-axes.js';
import { WorkerTraining } from './worker/worker-training.js';
import { PassStepper } from './app/pass-stepper.js';

async function main(): Promise<void> {
  const syncers: ((s: PlaygroundState) => void)[] = [];
  let controller: PlaygroundController | null = null;
  const current = (): PlaygroundState => controller?.latest ?? queryToState(location.search);
  const apply = (s: PlaygroundState, keepWeights: boolean): void => {
    void controller?.update(s, keepWeights).catch((error: unknown) => {
      byId('backend-status').textContent = `Update failed: ${error instanceof Error ? error.message : String(error)}`;
    });
  };

  const openEditor = bindParamEditor((t, value) => {
    const c = controller;
    if (!c) return;
    void c.enqueue(() => c.api.setParameter(t.layer, t.to, t.from, value))
      .then((weights) => apply({ ...c.latest, weights }, true));
  });
  const diagram = new NetworkDiagram(byId('network'), {
    toggleFeature: (f) => {
      const s = current();
      const features = s.features.includes(f) ? s.features.filter((g) => g !== f) : [...s.features, f];
      if (features.length > 0) apply({ ...s, features, weights: null }, false);
    },
    editParameter: (layer, to, from, value, anchor) => {
      openEditor({ layer, to, from }, value, anchor);
      const info = byId('param-info');
      info.hidden = true;
      const c = controller;
      if (from !== null || !c) return;
      const index = Number(byId<HTMLInputElement>('backprop-example').value) || 0;
      void c.enqueue(() => c.api.inspect(index)).then((r) => {
        const l = r.layers[layer];
        info.textContent = `On training example #${r.index}: input sum z = ${fmt(l.z[to], 4)}, activation a = ${fmt(l.a[to], 4)}, ` +
          `error term δ = ∂L/∂z = ${fmt(l.delta[to], 4)}.`;
        info.hidden = false;
      }, () => { info.hidden = true; });
    },
    hover: (key) => controller?.preview(key),
  });

  const backendPanel = buildBackendPanel((name) => {
    const c = controller;
    if (!c) return Promise.resolve();
    return c.switchBackend(name).finally(() => backendPanel.active(c.backend));
  });
  backendPanel.active('js');
  fitToWidth(byId('network-scroll'), byId('network-fit'));
  buildHeatmapAxes(byId('axis-y'), byId('axis-x'));
  byId<HTMLSelectElement>('link-colour').addEventListener('change', (e) => {
    diagram.colourBy((e.target as HTMLSelectElement).value === 'gradient' ? 'gradient' : 'weight');
  });

  syncers.push(buildHyperControls(byId('hyper'), current, apply));
  syncers.push(bindDataControls({
    current,
    apply,
    currentPoints: () => {
      const d = controller?.data;
      return d ? toCustomPoints([d.train, d.test], outputKind(current()) === 'binary') : [];
    },
  }));
  syncers.push(bindLayerControls(current, apply));
  const syncChecks = (s: PlaygroundState): void => {
    byId<HTMLInputElement>('showTestData').checked = s.showTestData;
    byId<HTMLInputElement>('discretize').checked = s.discretize;
    byId<HTMLButtonElement>('play').textContent = controller?.playing ? '❚❚' : '▶';
    byId<HTMLButtonElement>('play').setAttribute('aria-pressed', String(controller?.playing ?? false));
  };
  syncers.push(syncChecks);

  let backprop: { rebuilt(): void } | null = null;
  let stepperRef: PassStepper | null = null;
  controller = new PlaygroundController(queryToState(location.search), new WorkerTraining(), diagram, {
    stateChanged: (s) => { for (const sync of syncers) sync(s); },
    rebuilt: () => { backprop?.rebuilt(); stepperRef?.clear(); },
    speed: (name, sps) => backendPanel.speed(name, sps),
    painted: (view) => {
      const chart = byId<HTMLCanvasElement>('gradient-chart');
      paintGradientChart(chart, byId('gradient-values'), view.gradients.mean, chart.clientWidth || 300, 110);
    },
  });
  const c = controller;
  const stepper = new PassStepper(byId('network'), byId('layer-summary'), byId('pass-caption'));
  const exampleIndex = (): number => Number(byId<HTMLInputElement>('backprop-example').value) || 0;
  let playTimer: ReturnType<typeof setInterval> | null = null;
  const stopPlaying = (): void => {
    if (playTimer !== null) clearInterval(playTimer);
    playTimer = null;
  };
  const startWalk = (): Promise<boolean> =>
    c.enqueue(() => c.api.inspect(exampleIndex())).then(
      (r) => {
        stepper.load(r);
        return true;
      },
      (error: unknown) => {
        byId('pass-caption').textContent = `Cannot walk: ${error instanceof Error ? error.message : String(error)}`;
        return false;
      },
    );
  byId('pass-start').addEventListener('click', () => {
    stopPlaying();
    void startWalk();
  });
  byId('pass-step').addEventListener('click', () => {
    stopPlaying();
    stepper.step();
  });
  // The animation: a fresh walk, one layer every PLAY_STEP_MS, forward then backward.
  const PLAY_STEP_MS = 700;
  byId('pass-play').addEventListener('click', () => {
    stopPlaying();
    void startWalk().then((ok) => {
      if (!ok) return;
      playTimer = setInterval(() => {
        if (stepper.active) stepper.step();
        else stopPlaying();
      }, PLAY_STEP_MS);
    });
  });
  stepperRef = stepper;
  backprop = bindBackpropPanel({
    trace: (i) => c.api.trace(i),
    trainCount: () => c.data?.train.length ?? 0,
    mode: () => c.mode(),
    enqueue: (task) => c.enqueue(task),
  });
  for (const id of ['showTestData', 'discretize'] as const) {
    byId<HTMLInputElement>(id).addEventListener('change', (e) => {
      void c.updateView({ ...c.latest, [id]: (e.target as HTMLInputElement).checked });
    });
  }
  byId('play').addEventListener('click', () => {
    c.setPlaying(!c.playing);
    syncChecks(c.state);
  });
  byId('step').addEventListener('click', () => {
    c.setPlaying(false);
    syncChecks(c.state);
    void c.step();
  });
  byId('reset').addEventListener('click', () => {
    c.setPlaying(false);
    syncChecks(c.state);
    void c.reset();
  });
  await c.update(c.state);
  document.body.dataset.ready = 'true';
}

void main().catch((error: unknown) => {
  console.error(error);
  document.body.dataset.ready = 'error';
  const status = document.getElementById('backend-status');
  if (status) status.textContent = `Start-up failed: ${String(error)}`;
});
