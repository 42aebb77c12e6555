/** The data panel: dataset buttons, sliders, regenerate, CSV upload, click-to-add brush, presets. */
import { NablaError } from '@nabla/tensor-core';
import type { PointSet } from '../data/point-set.js';
import { readCustomCsv } from '../data/custom-csv.js';
import { applyPreset, type PresetName } from '../state/presets.js';
import { classCount, isMulticlass, isRegressionDataset, type CustomPoint, type DatasetName, type PlaygroundState } from '../state/state.js';
import { byId, el } from '../view/dom.js';
import type { StateEdit } from './hyper-controls.js';

const DATASETS: readonly (readonly [DatasetName, string])[] = [
  ['circle', 'Circle'], ['xor', 'Exclusive or'], ['gauss', 'Gaussian'], ['spiral', 'Spiral'],
  ['plane', 'Plane (regression)'], ['multigauss', 'Multi Gaussian (regression)'], ['multispiral', 'Multiclass spiral'], ['custom', 'Your data'],
];

/** Everything the data panel needs from the controller. */
export interface DataPanelHost {
  current(): PlaygroundState;
  apply: StateEdit;
  /** All points of the current dataset with labels as custom points use them. */
  currentPoints(): CustomPoint[];
}

/** Convert generated points back to custom points (binary 0/1 → ±1). */
export function toCustomPoints(sets: readonly PointSet[], binary: boolean): CustomPoint[] {
  const out: CustomPoint[] = [];
  for (const s of sets) {
    for (let i = 0; i < s.length; i++) {
      const t = s.target[i];
      out.push({ x: s.xy[2 * i], y: s.xy[2 * i + 1], label: binary ? (t > 0 ? 1 : -1) : t });
    }
  }
  return out;
}

/** An error's message without the library function's name that NablaError puts in front. */
function plainMessage(error: unknown): string {
  if (error instanceof NablaError && error.op !== '' && error.message.startsWith(`${error.op}: `)) return error.message.slice(error.op.length + 2);
  return error instanceof Error ? error.message : String(error);
}

/** The brush's choices: ±1 for two classes, the data's classes (and one new) for several, values for regression. */
function brushOptions(s: PlaygroundState): [string, string][] {
  if (s.problem === 'regression') return [['1', '+1'], ['0.5', '+0.5'], ['0', '0'], ['-0.5', '−0.5'], ['-1', '−1']];
  if (!isMulticlass(s)) return [['1', '+1 (blue)'], ['-1', '−1 (orange)']];
  const k = classCount(s);
  const options = Array.from({ length: k }, (_, c): [string, string] => [String(c), `class ${c}`]);
  if (s.dataset === 'custom' && k < 5) options.push([String(k), `class ${k} (new)`]);
  return options;
}

/** Wire the data panel; returns a function syncing it from a state. */
export function bindDataControls(host: DataPanelHost): (s: PlaygroundState) => void {
  const box = byId('datasets');
  const buttons = DATASETS.map(([name, label]) => {
    const b = el('button', { type: 'button', role: 'radio', 'data-dataset': name, 'aria-checked': 'false' }, label);
    b.addEventListener('click', () => {
      const s = host.current();
      const problem = name === 'custom' ? s.problem : isRegressionDataset(name) ? 'regression' : 'classification';
      const outputActivation = problem === s.problem ? s.outputActivation : problem === 'regression' ? 'linear' : 'sigmoid';
      host.apply({ ...s, dataset: name, problem, outputActivation, weights: null }, false);
    });
    box.append(b);
    return b;
  });
  const sliders = ['percTrain', 'noise', 'batchSize'] as const;
  for (const key of sliders) {
    const input = byId<HTMLInputElement>(key);
    input.addEventListener('input', () => { byId(`${key}-value`).textContent = input.value; });
    input.addEventListener('change', () => host.apply({ ...host.current(), [key]: Number(input.value) }, key === 'batchSize'));
  }
  byId<HTMLSelectElement>('classes').addEventListener('change', (e) => {
    host.apply({ ...host.current(), numClasses: Number((e.target as HTMLSelectElement).value), weights: null }, false);
  });
  byId('regenerate').addEventListener('click', () => {
    const s = host.current();
    host.apply({ ...s, seed: (s.seed % 100000) + 1 }, true);
  });
  const csvError = byId('csv-error');
  byId<HTMLInputElement>('csv').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const s = host.current();
    try {
      const points = readCustomCsv(await file.text(), file.name, s.problem);
      csvError.hidden = true;
      csvError.textContent = '';
      host.apply({ ...s, dataset: 'custom', customPoints: points, weights: null }, false);
    } catch (error) {
      csvError.textContent = `Could not load ${file.name}: ${plainMessage(error)}`;
      csvError.hidden = false;
    }
    input.value = '';
  });
  byId('clear-points').addEventListener('click', () => host.apply({ ...host.current(), dataset: 'custom', customPoints: [], weights: null }, false));
  byId<HTMLSelectElement>('preset').addEventListener('change', (e) => {
    const select = e.target as HTMLSelectElement;
    if (select.value !== '') host.apply(applyPreset(host.current(), select.value as PresetName), false);
    select.value = '';
  });
  // click on the output heatmap adds a point labelled by the brush
  const pointsCanvas = byId<HTMLCanvasElement>('points');
  const brush = byId<HTMLSelectElement>('brush');
  const hint = byId('points-hint');
  const addPoint = (x: number, y: number): void => {
    const s = host.current();
    // a built-in dataset stays as it is: points go only into "Your data"
    if (s.dataset !== 'custom') {
      hint.hidden = false;
      return;
    }
    host.apply({ ...s, customPoints: [...s.customPoints, { x, y, label: Number(brush.value) }] }, true);
  };
  byId('copy-points').addEventListener('click', () => {
    const s = host.current();
    hint.hidden = true;
    if (s.dataset !== 'custom') host.apply({ ...s, dataset: 'custom', customPoints: host.currentPoints() }, true);
  });
  pointsCanvas.addEventListener('click', (ev) => {
    const rect = pointsCanvas.getBoundingClientRect();
    addPoint(((ev.clientX - rect.left) / rect.width) * 12 - 6, 6 - ((ev.clientY - rect.top) / rect.height) * 12);
  });
  // keyboard: arrows move a cursor over the output, Enter or Space adds a point there
  const cursor = byId('point-cursor');
  const at = { x: 0, y: 0 };
  const placeCursor = (): void => {
    cursor.style.left = `${((at.x + 6) / 12) * 100}%`;
    cursor.style.top = `${((6 - at.y) / 12) * 100}%`;
    pointsCanvas.setAttribute('aria-valuetext', `cursor at x₁ ${at.x}, x₂ ${at.y}`);
  };
  pointsCanvas.addEventListener('focus', () => { cursor.hidden = false; placeCursor(); });
  pointsCanvas.addEventListener('blur', () => { cursor.hidden = true; });
  pointsCanvas.addEventListener('keydown', (ev) => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-0.5, 0], ArrowRight: [0.5, 0], ArrowUp: [0, 0.5], ArrowDown: [0, -0.5] };
    const move = moves[ev.key];
    if (move) {
      at.x = Math.max(-6, Math.min(6, at.x + move[0]));
      at.y = Math.max(-6, Math.min(6, at.y + move[1]));
      placeCursor();
    } else if (ev.key === 'Enter' || ev.key === ' ') addPoint(at.x, at.y);
    else return;
    ev.preventDefault();
  });

  return (s: PlaygroundState): void => {
    for (const b of buttons) {
      const on = b.dataset.dataset === s.dataset;
      b.setAttribute('aria-checked', String(on));
      b.classList.toggle('selected', on);
    }
    for (const key of sliders) {
      byId<HTMLInputElement>(key).value = String(s[key]);
      byId(`${key}-value`).textContent = String(s[key]);
    }
    byId<HTMLSelectElement>('classes').value = String(s.numClasses);
    const previous = brush.value;
    const options = brushOptions(s);
    if (s.dataset === 'custom') hint.hidden = true;
    brush.replaceChildren(...options.map(([v, t]) => el('option', { value: v }, t)));
    if (options.some(([v]) => v === previous)) brush.value = previous;
  };
}
