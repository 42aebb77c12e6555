/** Round-trip the playground state through URL query parameters, so a link reproduces a network. */
import { PLAYGROUND_FEATURES, type PlaygroundFeature } from '@nabla/datasets';
import {
  LEARNING_RATES, MAX_LAYERS, MAX_NEURONS, REGULARIZATION_RATES, defaultState,
  type ActivationName, type CustomPoint, type DatasetName, type LayerWeights, type LossName, type OptimizerName,
  type PlaygroundState, type ProblemType, type RegularizationName,
} from './state.js';

const DATASETS: readonly DatasetName[] = ['circle', 'xor', 'gauss', 'spiral', 'plane', 'multigauss', 'multispiral', 'custom'];
const ACTIVATIONS: readonly ActivationName[] = ['relu', 'tanh', 'sigmoid', 'linear', 'step'];
const PROBLEMS: readonly ProblemType[] = ['classification', 'regression'];
const REGULARIZATIONS: readonly RegularizationName[] = ['none', 'L1', 'L2'];
const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];
const LOSSES: readonly LossName[] = ['crossEntropy', 'squared'];

const round = (v: number): number => Math.round(v * 1e4) / 1e4;

/** Serialise `state` as URL query parameters (stable key order). */
export function stateToQuery(state: PlaygroundState): string {
  const p = new URLSearchParams();
  p.set('dataset', state.dataset);
  p.set('problem', state.problem);
  p.set('classes', String(state.numClasses));
  p.set('percTrain', String(state.percTrain));
  p.set('noise', String(state.noise));
  p.set('batchSize', String(state.batchSize));
  p.set('seed', String(state.seed));
  p.set('initSeed', String(state.initSeed));
  p.set('features', state.features.join(','));
  p.set('hidden', state.hidden.join(','));
  p.set('activations', state.activations.join(','));
  p.set('outputActivation', state.outputActivation);
  p.set('dropout', String(state.dropout));
  p.set('learningRate', String(state.learningRate));
  p.set('regularization', state.regularization);
  p.set('regularizationRate', String(state.regularizationRate));
  p.set('optimizer', state.optimizer);
  p.set('loss', state.loss);
  p.set('showTestData', state.showTestData ? '1' : '0');
  p.set('discretize', state.discretize ? '1' : '0');
  if (state.customPoints.length > 0) {
    p.set('points', state.customPoints.map((q) => `${round(q.x)}:${round(q.y)}:${round(q.label)}`).join(';'));
  }
  if (state.weights !== null) {
    p.set('weights', JSON.stringify(state.weights.map((l) => ({ w: l.weight.map((r) => r.map(round)), b: l.bias.map(round) }))));
  }
  return p.toString();
}

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function num(value: string | null, lo: number, hi: number, fallback: number): number {
  if (value === null || value.trim() === '') return fallback;
  const v = Number(value);
  return Number.isFinite(v) && v >= lo && v <= hi ? v : fallback;
}

function parsePoints(text: string | null): CustomPoint[] {
  if (text === null || text === '') return [];
  const out: CustomPoint[] = [];
  for (const item of text.split(';')) {
    const [x, y, label] = item.split(':').map(Number);
    if ([x, y, label].every(Number.isFinite)) out.push({ x, y, label });
  }
  return out;
}

function parseWeights(text: string | null): LayerWeights[] | null {
  if (text === null) return null;
  try {
    const raw: unknown = JSON.parse(text);
    if (!Array.isArray(raw)) return null;
    const layers: LayerWeights[] = [];
    for (const entry of raw as unknown[]) {
      const { w, b } = entry as { w?: unknown; b?: unknown };
      const finiteList = (v: unknown): v is number[] => Array.isArray(v) && v.every((n) => typeof n === 'number' && Number.isFinite(n));
      if (!Array.isArray(w) || !w.every(finiteList) || !finiteList(b) || w.length !== b.length) return null;
      layers.push({ weight: w, bias: b });
    }
    return layers;
  } catch {
    return null;
  }
}

/** Parse query parameters into a state; anything missing or invalid keeps its default. */
export function queryToState(query: string): PlaygroundState {
  const p = new URLSearchParams(query);
  const d = defaultState();
  const hiddenText = p.get('hidden');
  const hidden = hiddenText === null ? d.hidden
    : hiddenText === '' ? []
      : hiddenText.split(',').map((s) => num(s, 1, MAX_NEURONS, 4)).slice(0, MAX_LAYERS);
  const actsText = p.get('activations');
  const acts = actsText === null || actsText === '' ? [] : actsText.split(',');
  const fallbackAct = pick(acts[0] ?? null, ACTIVATIONS, 'tanh');
  const featuresText = p.get('features');
  const features = featuresText === null ? d.features
    : featuresText.split(',').filter((f): f is PlaygroundFeature => (PLAYGROUND_FEATURES as readonly string[]).includes(f));
  const learningRate = num(p.get('learningRate'), 0, 10, d.learningRate);
  const regularizationRate = num(p.get('regularizationRate'), 0, 10, d.regularizationRate);
  return {
    dataset: pick(p.get('dataset'), DATASETS, d.dataset),
    problem: pick(p.get('problem'), PROBLEMS, d.problem),
    numClasses: Math.round(num(p.get('classes'), 3, 5, d.numClasses)),
    percTrain: Math.round(num(p.get('percTrain'), 10, 90, d.percTrain)),
    noise: Math.round(num(p.get('noise'), 0, 50, d.noise)),
    batchSize: Math.round(num(p.get('batchSize'), 1, 30, d.batchSize)),
    seed: Math.round(num(p.get('seed'), 0, 2 ** 31, d.seed)),
    initSeed: Math.round(num(p.get('initSeed'), 0, 2 ** 31, d.initSeed)),
    features: features.length > 0 ? features : d.features,
    hidden: hidden.map(Math.round),
    activations: hidden.map((_, i) => pick(acts[i] ?? null, ACTIVATIONS, fallbackAct)),
    outputActivation: pick(p.get('outputActivation'), ACTIVATIONS, d.outputActivation),
    dropout: num(p.get('dropout'), 0, 0.9, d.dropout),
    learningRate: LEARNING_RATES.includes(learningRate) ? learningRate : d.learningRate,
    regularization: pick(p.get('regularization'), REGULARIZATIONS, d.regularization),
    regularizationRate: REGULARIZATION_RATES.includes(regularizationRate) ? regularizationRate : d.regularizationRate,
    optimizer: pick(p.get('optimizer'), OPTIMIZERS, d.optimizer),
    loss: pick(p.get('loss'), LOSSES, d.loss),
    showTestData: (p.get('showTestData') ?? (d.showTestData ? '1' : '0')) === '1',
    discretize: (p.get('discretize') ?? (d.discretize ? '1' : '0')) === '1',
    customPoints: parsePoints(p.get('points')),
    weights: parseWeights(p.get('weights')),
  };
}
