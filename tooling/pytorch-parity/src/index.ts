/**
 * @nabla/pytorch-parity — Nabla against real PyTorch. Cases pair a Nabla computation with the
 * PyTorch expression computing the same; one Python process runs a whole batch, data travel as
 * safetensors. Figures are relative to the largest reference value (see `relativeDifference`).
 */
export { forwardCase, trainCase, type AnyOptimizer, type ForwardCase, type TrainCase, type ParityCase, type NablaOutput } from './cases.js';
export { probeTorch, torchOrSkip, pythonPath, type TorchProbe } from './torch-probe.js';
export { relativeDifference } from './relative-difference.js';
export { runParity, worst, FLOAT32_TOLERANCE, FLOAT64_TOLERANCE, type CaseOutcome, type Comparison } from './parity.js';
export { assertParity, parityTable } from './report.js';
export { runNabla, castModule, type HostResults } from './run-nabla.js';
export { runTorch, type TorchResults } from './run-torch.js';
export { torchrunTwoRanks, readSafetensorsFile, ddpCheckpoints, type NamedHostTensors } from './torchrun.js';
