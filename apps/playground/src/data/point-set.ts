/** Generate the current dataset and split it into training and test points. */
import {
  circleData, gaussData, multiGaussianData, multiclassSpiralData, planeData, seededPermutation, spiralData, xorData,
  type Dataset2D,
} from '@nabla/datasets';
import { isMulticlass, type PlaygroundState } from '../state/state.js';

/** Points with targets: binary classes as 0/1, class ids, or regression values. */
export interface PointSet {
  /** Coordinates, row-major [n, 2]. */
  readonly xy: Float32Array;
  /** Targets [n]: 0/1 (binary), 0..K−1 (multiclass) or real (regression). */
  readonly target: Float32Array;
  readonly length: number;
}

/** A dataset split into training and test points. */
export interface SplitData {
  readonly train: PointSet;
  readonly test: PointSet;
  /** Output classes (1 for regression). */
  readonly numClasses: number;
}

const NUM_SAMPLES = 500;

function fromDataset2D(d: Dataset2D, binary: boolean): PointSet {
  const target = binary ? d.y.data.map((v) => (v > 0 ? 1 : 0)) : Float32Array.from(d.y.data);
  return { xy: d.x.data, target, length: d.length };
}

function generate(state: PlaygroundState): PointSet {
  const opts = { numSamples: NUM_SAMPLES, noise: state.noise, seed: state.seed };
  const binary = state.problem === 'classification';
  switch (state.dataset) {
    case 'circle': return fromDataset2D(circleData(opts), binary);
    case 'xor': return fromDataset2D(xorData(opts), binary);
    case 'gauss': return fromDataset2D(gaussData(opts), binary);
    case 'spiral': return fromDataset2D(spiralData(opts), binary);
    case 'plane': return fromDataset2D(planeData(opts), false);
    case 'multigauss': return fromDataset2D(multiGaussianData(opts), false);
    case 'multispiral': {
      const n = Math.floor(600 / state.numClasses) * state.numClasses;
      const d = multiclassSpiralData({ numSamples: n, noise: state.noise, seed: state.seed, numClasses: state.numClasses });
      return { xy: d.x.data, target: Float32Array.from(d.y.data), length: d.length };
    }
    case 'custom': {
      const pts = state.customPoints;
      const xy = new Float32Array(pts.length * 2);
      const target = new Float32Array(pts.length);
      const multi = isMulticlass(state);
      pts.forEach((p, i) => {
        xy[2 * i] = p.x;
        xy[2 * i + 1] = p.y;
        target[i] = state.problem === 'regression' || multi ? p.label : p.label > 0 ? 1 : 0;
      });
      return { xy, target, length: pts.length };
    }
  }
}

function subset(all: PointSet, indices: ArrayLike<number>): PointSet {
  const n = indices.length;
  const xy = new Float32Array(2 * n);
  const target = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const j = indices[i];
    xy[2 * i] = all.xy[2 * j];
    xy[2 * i + 1] = all.xy[2 * j + 1];
    target[i] = all.target[j];
  }
  return { xy, target, length: n };
}

/** Generate the state's dataset, shuffle it with the seed and split by `percTrain`. */
export function buildData(state: PlaygroundState, numClasses: number): SplitData {
  const all = generate(state);
  const order = seededPermutation(all.length, state.seed);
  const numTrain = all.length === 0 ? 0 : Math.max(1, Math.floor((all.length * state.percTrain) / 100));
  return {
    train: subset(all, order.subarray(0, numTrain)),
    test: subset(all, order.subarray(numTrain)),
    numClasses,
  };
}
