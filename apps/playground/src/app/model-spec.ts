/** Derive the network and training settings from the playground state. */
import type { NetworkSpec } from '../model/network.js';
import type { OutputKind } from '../model/loss.js';
import type { TrainingSettings } from '../model/trainer.js';
import { classCount, isMulticlass, type PlaygroundState } from '../state/state.js';

/** How the output layer is read for this state. */
export function outputKind(state: PlaygroundState): OutputKind {
  if (state.problem === 'regression') return 'regression';
  return isMulticlass(state) ? 'multiclass' : 'binary';
}

/** The network described by `state`. */
export function networkSpec(state: PlaygroundState): NetworkSpec {
  const kind = outputKind(state);
  return {
    inputs: state.features.length,
    hidden: state.hidden,
    activations: state.activations,
    output: {
      kind,
      activation: state.outputActivation,
      loss: kind === 'regression' ? 'squared' : state.loss,
      numClasses: kind === 'multiclass' ? classCount(state) : 1,
    },
    dropout: state.dropout,
    seed: state.initSeed,
  };
}

/** The training settings described by `state`. */
export function trainingSettings(state: PlaygroundState): TrainingSettings {
  return {
    features: state.features,
    batchSize: state.batchSize,
    learningRate: state.learningRate,
    optimizer: state.optimizer,
    regularization: state.regularization,
    regularizationRate: state.regularizationRate,
  };
}
