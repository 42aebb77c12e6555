/** The seed's feed-forward examples as ready-made networks with hand-set weights. */
import type { CustomPoint, PlaygroundState } from './state.js';

/** Names of the presets. */
export type PresetName = 'and' | 'xnor' | 'rectangle' | 'deepSigmoid' | 'deepRelu';

const corners = (label: (a: number, b: number) => boolean): CustomPoint[] =>
  [[0, 0], [0, 1], [1, 0], [1, 1]].map(([a, b]) => ({ x: a, y: b, label: label(a, b) ? 1 : -1 }));

function rectanglePoints(): CustomPoint[] {
  const pts: CustomPoint[] = [];
  for (let x = -5.5; x <= 5.5; x += 1) {
    for (let y = -5.5; y <= 5.5; y += 1) pts.push({ x, y, label: x > 0 && x < 5 && y > 0 && y < 2 ? 1 : -1 });
  }
  return pts;
}

/**
 * Apply a preset on top of `state`: data, features X₁ X₂, layers, activations and weights. The
 * train/test ratio stays the user's; test points are shown, so every point of the preset is visible.
 */
export function applyPreset(state: PlaygroundState, name: PresetName): PlaygroundState {
  const base: PlaygroundState = {
    ...state, dataset: 'custom', problem: 'classification', features: ['x1', 'x2'], loss: 'crossEntropy', dropout: 0, showTestData: true,
  };
  switch (name) {
    case 'deepSigmoid':
    case 'deepRelu': {
      // the lecture's vanishing-gradient comparison: six hidden layers of 8, plain SGD, on the circle
      const act = name === 'deepSigmoid' ? 'sigmoid' : 'relu';
      return {
        ...state, dataset: 'circle', problem: 'classification', features: ['x1', 'x2'], loss: 'crossEntropy', dropout: 0,
        hidden: [8, 8, 8, 8, 8, 8], activations: Array.from({ length: 6 }, () => act), outputActivation: 'sigmoid',
        optimizer: 'sgd', learningRate: 0.1, regularization: 'none', weights: null,
      };
    }
    case 'and':
      // a = g(−30 + 20x₁ + 20x₂), g = sigmoid
      return {
        ...base, hidden: [], activations: [], outputActivation: 'sigmoid', customPoints: corners((a, b) => a === 1 && b === 1),
        weights: [{ weight: [[20, 20]], bias: [-30] }],
      };
    case 'xnor':
      // hidden: AND = g(−30 + 20x₁ + 20x₂), NOR = g(10 − 20x₁ − 20x₂); output OR = g(−10 + 20a₁ + 20a₂)
      return {
        ...base, hidden: [2], activations: ['sigmoid'], outputActivation: 'sigmoid', customPoints: corners((a, b) => a === b),
        weights: [{ weight: [[20, 20], [-20, -20]], bias: [-30, 10] }, { weight: [[20, 20]], bias: [-10] }],
      };
    case 'rectangle':
      // Θ(1) = [[0,1,0],[5,−1,0],[0,0,1],[2,0,−1]] (column 0 = bias), Θ(2) = [−3.5,1,1,1,1], step activation
      return {
        ...base, hidden: [4], activations: ['step'], outputActivation: 'step', customPoints: rectanglePoints(),
        weights: [
          { weight: [[1, 0], [-1, 0], [0, 1], [0, -1]], bias: [0, 5, 0, 2] },
          { weight: [[1, 1, 1, 1]], bias: [-3.5] },
        ],
      };
  }
}
