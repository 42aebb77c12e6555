/**
 * @nabla/optim — losses, optimizers (SGD, Adam, AdamW, RMSprop, Adagrad), gradient clipping,
 * regularisation penalties and learning-rate schedules.
 */
export * from './losses/index.js';
export * from './optimizers/index.js';
export * from './clipping/index.js';
export * from './regularization/index.js';
export * from './schedules/index.js';
