/** The top bar's selects: learning rate, activation, regularisation, problem, optimizer, loss, output, dropout. */
import { LEARNING_RATES, REGULARIZATION_RATES, type ActivationName, type PlaygroundState } from '../state/state.js';
import { labelledSelect } from '../view/dom.js';
import { outputKind } from './model-spec.js';
import { BINARY_OUTPUTS, binaryOutputActivation } from '../model/activation.js';

/** A state edit and whether the current weights survive it. */
export type StateEdit = (state: PlaygroundState, keepWeights: boolean) => void;

const ACTIVATION_OPTIONS: readonly (readonly [ActivationName, string])[] = [
  ['relu', 'ReLU'], ['tanh', 'Tanh'], ['sigmoid', 'Sigmoid'], ['linear', 'Linear'], ['step', 'Step'],
];

/** Build the selects into `host`; returns a function that syncs them from a state. */
export function buildHyperControls(host: HTMLElement, current: () => PlaygroundState, apply: StateEdit): (s: PlaygroundState) => void {
  const lr = labelledSelect('learningRate', 'Learning rate', LEARNING_RATES.map((v) => [String(v), String(v)]));
  const act = labelledSelect('activation', 'Activation', ACTIVATION_OPTIONS);
  const reg = labelledSelect('regularization', 'Regularization', [['none', 'None'], ['L1', 'L1'], ['L2', 'L2']]);
  const regRate = labelledSelect('regularizationRate', 'Regularization rate', REGULARIZATION_RATES.map((v) => [String(v), String(v)]));
  const problem = labelledSelect('problem', 'Problem type', [['classification', 'Classification'], ['regression', 'Regression']]);
  const optimizer = labelledSelect('optimizer', 'Optimizer', [['sgd', 'SGD'], ['momentum', 'SGD + momentum'], ['adam', 'Adam']]);
  const loss = labelledSelect('loss', 'Loss', [['crossEntropy', 'Cross-entropy'], ['squared', 'Squared error']]);
  const output = labelledSelect('outputActivation', 'Output', [
    ['sigmoid', 'Sigmoid'], ['tanh', 'Tanh'], ['step', 'Step'], ['linear', 'Linear'], ['relu', 'ReLU'], ['softmax', 'Softmax'],
  ]);
  const dropout = labelledSelect('dropout', 'Dropout', [['0', '0'], ['0.1', '0.1'], ['0.2', '0.2'], ['0.3', '0.3'], ['0.5', '0.5']]);
  host.append(lr.wrap, act.wrap, reg.wrap, regRate.wrap, problem.wrap, optimizer.wrap, loss.wrap, output.wrap, dropout.wrap);

  lr.select.addEventListener('change', () => apply({ ...current(), learningRate: Number(lr.select.value) }, true));
  act.select.addEventListener('change', () => {
    const s = current();
    apply({ ...s, activations: s.hidden.map(() => act.select.value as ActivationName) }, true);
  });
  reg.select.addEventListener('change', () => apply({ ...current(), regularization: reg.select.value as PlaygroundState['regularization'] }, true));
  regRate.select.addEventListener('change', () => apply({ ...current(), regularizationRate: Number(regRate.select.value) }, true));
  problem.select.addEventListener('change', () => {
    const s = current();
    const p = problem.select.value as PlaygroundState['problem'];
    const dataset = s.dataset === 'custom' ? 'custom' : p === 'regression' ? 'plane' : 'circle';
    apply({ ...s, problem: p, dataset, outputActivation: p === 'regression' ? 'linear' : 'sigmoid', weights: null }, false);
  });
  optimizer.select.addEventListener('change', () => apply({ ...current(), optimizer: optimizer.select.value as PlaygroundState['optimizer'] }, true));
  loss.select.addEventListener('change', () => apply({ ...current(), loss: loss.select.value as PlaygroundState['loss'] }, true));
  output.select.addEventListener('change', () => apply({ ...current(), outputActivation: output.select.value as ActivationName }, true));
  dropout.select.addEventListener('change', () => apply({ ...current(), dropout: Number(dropout.select.value) }, true));

  return (s: PlaygroundState): void => {
    lr.select.value = String(s.learningRate);
    act.select.value = s.activations[0] ?? 'tanh';
    reg.select.value = s.regularization;
    regRate.select.value = String(s.regularizationRate);
    problem.select.value = s.problem;
    optimizer.select.value = s.optimizer;
    const kind = outputKind(s);
    // disabled boxes show what is really used: squared error for regression, softmax for several classes
    loss.select.value = kind === 'regression' ? 'squared' : s.loss;
    loss.select.title = kind === 'regression' ? 'regression always uses the squared error ½(o − y)²' : '';
    loss.select.disabled = kind === 'regression';
    output.select.disabled = kind === 'multiclass';
    for (const o of output.select.options) {
      o.hidden = kind === 'binary' ? !BINARY_OUTPUTS.includes(o.value as ActivationName) : kind === 'regression' ? !['linear', 'tanh'].includes(o.value) : o.value !== 'softmax';
    }
    output.select.value = kind === 'multiclass' ? 'softmax' : kind === 'binary' ? binaryOutputActivation(s.outputActivation) : s.outputActivation;
    output.select.title = kind === 'multiclass' ? 'softmax over the classes' : '';
    dropout.select.value = String(s.dropout);
  };
}
