/** URL state round trip and CSV label checks. */
import { describe, expect, it } from 'vitest';
import { CsvLabelError, readCustomCsv } from '../src/data/custom-csv.js';
import { buildData } from '../src/data/point-set.js';
import { applyPreset } from '../src/state/presets.js';
import { defaultState, type PlaygroundState } from '../src/state/state.js';
import { queryToState, stateToQuery } from '../src/state/url-state.js';

describe('URL state', () => {
  it('round-trips every field', () => {
    const s: PlaygroundState = {
      ...defaultState(), dataset: 'multispiral', numClasses: 4, percTrain: 70, noise: 15, batchSize: 3, seed: 42, initSeed: 7,
      features: ['x1', 'x1TimesX2'], hidden: [3, 1], activations: ['relu', 'step'], outputActivation: 'tanh', dropout: 0.2,
      learningRate: 0.3, regularization: 'L1', regularizationRate: 0.01, optimizer: 'sgd', loss: 'squared', showTestData: true, discretize: true,
      customPoints: [{ x: 1.5, y: -2, label: 1 }], weights: [{ weight: [[0.5, -1]], bias: [0.25] }],
    };
    expect(queryToState(stateToQuery(s))).toEqual(s);
  });

  it('falls back to defaults for invalid values', () => {
    const s = queryToState('dataset=nope&learningRate=0.42&hidden=9,0,3&batchSize=100');
    const d = defaultState();
    expect(s.dataset).toBe(d.dataset);
    expect(s.learningRate).toBe(d.learningRate);
    expect(s.batchSize).toBe(d.batchSize);
    expect(s.hidden).toEqual([4, 4, 3]);
  });

  it('keeps a preset’s weights', () => {
    const s = applyPreset(defaultState(), 'xnor');
    expect(queryToState(stateToQuery(s)).weights).toEqual(s.weights);
  });
});

describe('data', () => {
  it('splits by the training ratio without losing points', () => {
    const d = buildData({ ...defaultState(), dataset: 'spiral', percTrain: 30 }, 2);
    expect(d.train.length).toBe(150);
    expect(d.test.length).toBe(350);
    const all = [...d.train.target, ...d.test.target];
    expect(all.filter((t) => t === 1).length).toBe(250);
  });

  it('reads CSV points and rejects labels a classifier cannot use', () => {
    expect(readCustomCsv('x1,x2,label\n1,2,0\n3,4,1\n', 'a.csv', 'classification').map((p) => p.label)).toEqual([-1, 1]);
    expect(() => readCustomCsv('1,2,0.5\n', 'b.csv', 'classification')).toThrow(CsvLabelError);
    expect(readCustomCsv('1,2,0.5\n', 'b.csv', 'regression')[0].label).toBe(0.5);
    expect(() => readCustomCsv('1,2\n', 'c.csv', 'classification')).toThrow(/c\.csv' line 1/);
  });
});
