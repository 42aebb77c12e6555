/**
 * When a deferred value is computed once into a buffer instead of inside every program that reads
 * it. Inlining a value read by one program saves a kernel and a buffer; inlining a value that is
 * read again later (saved for a gradient, or read by several deferred programs) recomputes it
 * in every reader — a recurrent cell's state inlined into the next state's program and into the
 * output's recomputes the gate activations several times over. A backend's {@link FusionCosts}
 * say when that recomputation costs more than one more kernel and a buffer.
 */
import type { FusionCosts } from '../backend.js';
import type { ElementwiseProgram } from '../elementwise/program.js';
import { binaryKind, unaryKind } from '../op-table/derived.js';
import type { Storage } from '../storage.js';
import type { DeferredElementwise } from './deferred.js';

const floatStepCounts = new WeakMap<ElementwiseProgram, number>();

/** Steps of `program` whose op is of the `float` kind (transcendentals, division, powers). */
export function floatSteps(program: ElementwiseProgram): number {
  const known = floatStepCounts.get(program);
  if (known !== undefined) return known;
  const n = countFloatSteps(program);
  floatStepCounts.set(program, n);
  return n;
}

function countFloatSteps(program: ElementwiseProgram): number {
  let n = 0;
  for (const step of program.steps) {
    if ((step.kind === 'unary' && unaryKind(step.op) === 'float') || (step.kind === 'binary' && binaryKind(step.op) === 'float')) n++;
  }
  return n;
}

/** Estimated cost per element of computing `node` with what it would inline, in arithmetic steps. */
export function costPerElement(node: DeferredElementwise, costs: FusionCosts): number {
  return node.fusedSteps + node.fusedFloatSteps * (costs.floatStep - 1);
}

/**
 * Whether `node`, the deferred value of `storage` (or a box of it) about to be inlined into a
 * reader's program, should rather run now as its own kernel: it may be read again (a tensor
 * still views its storage, or another deferred program reads it) and recomputing it costs more
 * than a kernel and a buffer on this backend. "Read again" is what is known now: two tensors view
 * the storage (autograd saves the values its gradients read as a second view) or two deferred
 * programs read it; the one tensor of an intermediate in a chain (alive until its `tidy` ends) is
 * not enough. Never for views (a slice read in place) or
 * constants, which cost nothing to recompute.
 */
export function computeOnce(storage: Storage, node: DeferredElementwise, costs: FusionCosts | undefined): boolean {
  if (costs === undefined || node.inputs.length === 0 || !(storage.views > 1 || storage.pendingReaders > 1)) return false;
  return node.outSize * (costPerElement(node, costs) - costs.buffer) > costs.kernel;
}
