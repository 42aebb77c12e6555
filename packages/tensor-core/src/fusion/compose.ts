/**
 * Composing a deferred program with the deferred programs it reads into one program: a
 * post-order walk inlines every inlinable input (inline.ts), the rest become the fused program's
 * inputs, deduplicated. Steps are copied with their value refs renumbered, so each op's own
 * table semantics carry over unchanged.
 */
import { programKey } from '../elementwise/builder.js';
import type { ElementwiseProgram, ElementwiseStep, ValueRef } from '../elementwise/program.js';
import { shapesEqual } from '../shape.js';
import type { DeferredElementwise, DeferredInput } from './deferred.js';
import { inlinable } from './inline.js';
import { MAX_FUSED_INPUTS, MAX_FUSED_STEPS } from './limits.js';

/** A program and the buffers its inputs read (in program-input order). */
export interface FusedProgram {
  readonly program: ElementwiseProgram;
  readonly leaves: readonly DeferredInput[];
}

/** `step` with every operand ref passed through `map`. */
function renumber(step: ElementwiseStep, map: (ref: ValueRef) => ValueRef): ElementwiseStep {
  switch (step.kind) {
    case 'const': return step;
    case 'unary': return { ...step, x: map(step.x) };
    case 'binary': return { ...step, a: map(step.a), b: map(step.b) };
    case 'where': return { ...step, cond: map(step.cond), a: map(step.a), b: map(step.b) };
    case 'cast': return { ...step, x: map(step.x) };
  }
}

/**
 * `root` with its inlinable deferred inputs (recursively) composed in; null when nothing can be
 * inlined or the result would exceed the fusion limits (then `root` runs alone).
 */
export function compose(root: DeferredElementwise): FusedProgram | null {
  const leaves: DeferredInput[] = [];
  const order: DeferredElementwise[] = [];
  const placed = new Set<DeferredElementwise>();
  let stepCount = root.program.steps.length;
  const leafIndex = (input: DeferredInput): number => {
    for (let i = 0; i < leaves.length; i++) {
      if (leaves[i].storage === input.storage && shapesEqual(leaves[i].shape, input.shape)) return i;
    }
    leaves.push(input);
    return leaves.length - 1;
  };
  const scan = (node: DeferredElementwise): void => {
    for (const input of node.inputs) {
      const inner = inlinable(input, node.outSize);
      if (inner === null) leafIndex(input);
      else if (!placed.has(inner)) {
        placed.add(inner);
        scan(inner);
        order.push(inner);
        stepCount += inner.program.steps.length;
      }
    }
  };
  scan(root);
  if (order.length === 0 || leaves.length > MAX_FUSED_INPUTS || stepCount > MAX_FUSED_STEPS) return null;
  order.push(root);

  const n = leaves.length;
  const steps: ElementwiseStep[] = [];
  const output = new Map<DeferredElementwise, ValueRef>();
  for (const node of order) {
    const operands = node.inputs.map((input) => {
      const inner = inlinable(input, node.outSize);
      return inner === null ? leafIndex(input) : (output.get(inner) as ValueRef);
    });
    const arity = node.program.inputs.length;
    const base = n + steps.length;
    for (const step of node.program.steps) steps.push(renumber(step, (ref) => (ref < arity ? operands[ref] : base + ref - arity)));
    output.set(node, n + steps.length - 1);
  }
  const inputs = leaves.map((leaf) => leaf.storage.dtype);
  return { program: { inputs, steps, key: programKey(inputs, steps) }, leaves };
}
