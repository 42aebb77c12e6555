/** @nabla/cli-kit — what Nabla's command-line apps share. */
export { UserError, runMain } from './user-error.js';
export { positiveInt, positiveNumber, oneOf } from './options.js';
export { ProgressBar, type ProgressStats } from './progress.js';
export { BACKENDS, activateBackend, chooseBackend, type BackendChoice } from './backend-choice.js';
