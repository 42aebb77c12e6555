/** Regularisation penalties. */
export { l1Penalty, l2Penalty } from './penalties.js';
