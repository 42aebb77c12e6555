/** Typed errors raised by the autodiff engine. */
import { NablaError } from '@nabla/tensor-core';

/** A gradient could not be computed: no graph, a freed graph, or a failing gradient rule. */
export class GradientError extends NablaError {}
