/**
 * @nabla/autograd — reverse-mode automatic differentiation for Nabla tensors.
 * Importing this package installs the tape into tensor-core (a side effect), so every op on a
 * tensor that requires grad is recorded and `tensor.backward()` works.
 */
import './install.js';

export { GradientError } from './errors.js';
export { autodiffHooks } from './install.js';
export { gradientRules, type GradContext, type GradRule, type GradTable } from './rules/index.js';
export { noGrad, enableGrad, isGradEnabled } from './api/no-grad.js';
export { variable, requireGrad, zeroGrad, type Parameter, type VariableOptions } from './api/variable.js';
export { gradients, grad, valueAndGrad, type GradientsOptions, type GradsOf, type ValueAndGrads } from './api/functional.js';
export { gradCheck, type GradCheckOptions, type GradCheckResult, type InputCheck } from './api/grad-check.js';
export { traceGraph, toDot, toJSON, type GraphTrace, type GraphNode, type GraphEdge, type TraceOptions } from './api/trace-graph.js';
