/** The typed errors of @nabla/train. */
import { NablaError } from '@nabla/tensor-core';

/** A fit/evaluate/predict call or a callback got options it cannot use (names the call and the value). */
export class TrainArgumentError extends NablaError {}

/** Training produced a non-finite loss (names the epoch and step). */
export class DivergenceError extends NablaError {}

/** A run folder whose files are missing, corrupt, or disagree with its manifest. */
export class RunFolderError extends NablaError {}
