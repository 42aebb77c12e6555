/** @nabla/cli-kit — what Nabla's command-line apps share. */
export { UserError, runMain } from './user-error.js';
export { positiveInt, positiveNumber, oneOf } from './options.js';
export { parseCommandLine, type CommandLine, type CommandValues, type OptionsConfig } from './command-line.js';
export { ProgressBar, type ProgressStats } from './progress.js';
export { BACKENDS, activateBackend, chooseBackend, type BackendChoice } from './backend-choice.js';
export { restoreModel, writeTextAtomic, type LoadsStateDict, type RestoredModel } from './run-folder.js';
export { interruptOnSigint, type Interrupt } from './interrupt.js';
export { refuseConflictingFlags } from './resume-flags.js';
export { checkOutputPath } from './output-path.js';
export { lineChart, confusionTable, type Series } from './svg-plot.js';
export { loadPyTorchWeights } from './pytorch-weights.js';
