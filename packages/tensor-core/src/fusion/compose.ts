/**
 * Composing a deferred program with the deferred programs it reads into one program: a
 * post-order walk inlines every inlinable input (inline.ts), the rest become the fused program's
 * inputs, deduplicated (one per buffer and view; several views may read one buffer). Steps are
 * copied with their value refs renumbered, so each op's own table semantics carry over unchanged.
 */
import { programKey } from '../elementwise/builder.js';
import type { ElementwiseProgram, ElementwiseStep, ValueRef } from '../elementwise/program.js';
import type { StridedView } from '../backend.js';
import { shapesEqual } from '../shape.js';
import type { DeferredElementwise, DeferredInput } from './deferred.js';
import { inlinable } from './inline.js';
import { MAX_FUSED_INPUTS, MAX_FUSED_STEPS, MAX_FUSED_VIEWS } from './limits.js';

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

function sameView(a: StridedView | undefined, b: StridedView | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.offset === b.offset && shapesEqual(a.strides, b.strides);
}

/** Whether `program` returns its one input unchanged (a slice's copy). */
export function isIdentity(program: ElementwiseProgram): boolean {
  const [only] = program.steps;
  return program.steps.length === 1 && only.kind === 'cast' && only.x === 0 && program.inputs.length === 1 && only.dtype === program.inputs[0];
}

/**
 * `root` with its inlinable deferred inputs (recursively) composed in; null when nothing can be
 * inlined or the result would exceed the fusion limits (then `root` runs alone).
 */
export function compose(root: DeferredElementwise): FusedProgram | null {
  const leaves: DeferredInput[] = [];
  // while walking, a leaf is ref -1 - index and a step its index; renumbered at the end
  const steps: ElementwiseStep[] = [];
  const output = new Map<DeferredElementwise, ValueRef>();
  let inlined = 0;
  const leafRef = (input: DeferredInput): ValueRef => {
    for (let i = 0; i < leaves.length; i++) {
      const leaf = leaves[i];
      if (leaf.storage === input.storage && shapesEqual(leaf.shape, input.shape) && sameView(leaf.view, input.view)) return -1 - i;
    }
    leaves.push(input);
    return -leaves.length;
  };
  const emit = (node: DeferredElementwise): ValueRef => {
    const done = output.get(node);
    if (done !== undefined) return done;
    const operands = node.inputs.map((input) => {
      const inner = inlinable(input, node.outSize);
      if (inner === null) return leafRef(input);
      inlined++;
      return emit(inner);
    });
    // a view (slice) read by another program is its input itself
    if (node !== root && isIdentity(node.program)) return operands[0];
    const arity = node.program.inputs.length;
    const base = steps.length;
    for (const step of node.program.steps) steps.push(renumber(step, (ref) => (ref < arity ? operands[ref] : base + ref - arity)));
    const ref = steps.length - 1;
    output.set(node, ref);
    return ref;
  };
  emit(root);
  const buffers = new Set(leaves.map((leaf) => leaf.storage)).size;
  if (inlined === 0 || buffers > MAX_FUSED_INPUTS || leaves.length > MAX_FUSED_VIEWS || steps.length > MAX_FUSED_STEPS) return null;
  const n = leaves.length;
  const final = steps.map((step) => renumber(step, (ref) => (ref < 0 ? -1 - ref : n + ref)));
  const inputs = leaves.map((leaf) => leaf.storage.dtype);
  return { program: { inputs, steps: final, key: programKey(inputs, final) }, leaves };
}
