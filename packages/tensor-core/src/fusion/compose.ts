/**
 * Composing a deferred program with the deferred programs it reads into one program: a
 * post-order walk inlines every inlinable input (inline.ts) but shared values dear to recompute,
 * which run first as their own kernels (recompute.ts); the rest become the fused program's
 * inputs, deduplicated (one per buffer and view; several views may read one buffer). Steps are
 * copied with their value refs renumbered, so each op's own table semantics carry over unchanged.
 */
import { programKey } from '../elementwise/builder.js';
import type { ElementwiseProgram, ElementwiseStep, ValueRef } from '../elementwise/program.js';
import type { FusionCosts, StridedView } from '../backend.js';
import { shapesEqual } from '../shape.js';
import type { DeferredElementwise, DeferredInput } from './deferred.js';
import { inlinable } from './inline.js';
import { computeOnce } from './recompute.js';
import { MAX_FUSED_INPUTS, MAX_FUSED_STEPS, MAX_FUSED_VIEWS } from './limits.js';

/** A program and the buffers its inputs read (in program-input order). */
export interface FusedProgram {
  readonly program: ElementwiseProgram;
  readonly leaves: readonly DeferredInput[];
}

/** Where a node's value `ref` lies in a fused program: its inputs are `operands`, its own values follow `base`. */
function placedRef(ref: ValueRef, operands: readonly ValueRef[], arity: number, base: number): ValueRef {
  return ref < arity ? operands[ref] : base + ref - arity;
}

/** A node's `step` placed in a fused program (see placedRef). */
function placed(step: ElementwiseStep, operands: readonly ValueRef[], arity: number, base: number): ElementwiseStep {
  switch (step.kind) {
    case 'const': return step;
    case 'unary': return { kind: 'unary', op: step.op, x: placedRef(step.x, operands, arity, base), dtype: step.dtype };
    case 'binary': return { kind: 'binary', op: step.op, a: placedRef(step.a, operands, arity, base), b: placedRef(step.b, operands, arity, base), dtype: step.dtype };
    case 'where': {
      const { cond, a, b } = step;
      return { kind: 'where', cond: placedRef(cond, operands, arity, base), a: placedRef(a, operands, arity, base), b: placedRef(b, operands, arity, base), dtype: step.dtype };
    }
    case 'cast': return { kind: 'cast', x: placedRef(step.x, operands, arity, base), dtype: step.dtype };
  }
}

/** A walk's value `ref` in the final program: leaf -1 - i becomes input i, step k value `leaves + k`. */
function finalRef(ref: ValueRef, leaves: number): ValueRef {
  return ref < 0 ? -1 - ref : leaves + ref;
}

/** A walk's `step` in the final program (see finalRef). */
function final(step: ElementwiseStep, leaves: number): ElementwiseStep {
  switch (step.kind) {
    case 'const': return step;
    case 'unary': return { kind: 'unary', op: step.op, x: finalRef(step.x, leaves), dtype: step.dtype };
    case 'binary': return { kind: 'binary', op: step.op, a: finalRef(step.a, leaves), b: finalRef(step.b, leaves), dtype: step.dtype };
    case 'where': return { kind: 'where', cond: finalRef(step.cond, leaves), a: finalRef(step.a, leaves), b: finalRef(step.b, leaves), dtype: step.dtype };
    case 'cast': return { kind: 'cast', x: finalRef(step.x, leaves), dtype: step.dtype };
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
 * Keys of fused programs, found again without building them: a trie over what the walk emits
 * (each node's program, by its key's number, then the refs of its operands), whose end holds the
 * key string of the program those tokens produce — the same string object every time, which
 * backends' caches hash once.
 */
class KeyTrie {
  private readonly next = new Map<number, KeyTrie>();
  /** The fused program's key, once one ended here. */
  key: string | undefined;

  child(token: number): KeyTrie {
    let node = this.next.get(token);
    if (node === undefined) {
      node = new KeyTrie();
      this.next.set(token, node);
    }
    return node;
  }
}

const keyTrie = new KeyTrie();
const idsByKey = new Map<string, number>();

/**
 * A number per program key (programs differing in constant values only share it). Keyed by the
 * key string: the per-op programs are cached objects, whose key string V8 hashes once.
 */
function programId(program: ElementwiseProgram): number {
  let id = idsByKey.get(program.key);
  if (id === undefined) {
    id = idsByKey.size;
    idsByKey.set(program.key, id);
  }
  return id;
}

/** Operand refs packed into one token lie in [-REF_BIAS, REF_BIAS). */
const REF_BIAS = 64;

/**
 * The trie node after one emitted node: usually one token, the program's number and up to three
 * operand refs packed into one non-negative integer; otherwise (more operands, refs out of
 * range) a negative token for the program, then one token per operand ref — so every emitted
 * sequence decodes one way and distinct structures never meet.
 */
function descend(trie: KeyTrie, id: number, operands: readonly ValueRef[]): KeyTrie {
  if (operands.length <= 3) {
    let token = id;
    let packed = true;
    for (let i = 0; i < 3; i++) {
      // digits 0 .. 2·REF_BIAS - 1 are refs, 2·REF_BIAS marks no operand
      const digit = i < operands.length ? operands[i] + REF_BIAS : 2 * REF_BIAS;
      if (i < operands.length && (digit < 0 || digit >= 2 * REF_BIAS)) packed = false;
      token = token * (2 * REF_BIAS + 1) + digit;
    }
    if (packed && Number.isSafeInteger(token)) return trie.child(token);
  }
  let node = trie.child(-1 - id);
  for (const ref of operands) node = node.child(ref);
  return node;
}

/** One composition: the leaves and steps collected so far. */
class Composer {
  readonly leaves: DeferredInput[] = [];
  /** While walking, a leaf is ref -1 - index and a step its index; renumbered at the end. */
  readonly steps: ElementwiseStep[] = [];
  inlined = 0;
  trie = keyTrie;
  /** Nodes emitted so far and their output refs (a few per program: a list beats a Map). */
  private readonly emitted: DeferredElementwise[] = [];
  private readonly outputs: ValueRef[] = [];

  constructor(private readonly root: DeferredElementwise, private readonly costs: FusionCosts | undefined) {}

  private leafRef(input: DeferredInput): ValueRef {
    const leaves = this.leaves;
    for (let i = 0; i < leaves.length; i++) {
      const leaf = leaves[i];
      if (leaf.storage === input.storage && shapesEqual(leaf.shape, input.shape) && sameView(leaf.view, input.view)) return -1 - i;
    }
    leaves.push(input);
    return -leaves.length;
  }

  private operand(input: DeferredInput, outSize: number): ValueRef {
    const inner = inlinable(input, outSize);
    if (inner === null) return this.leafRef(input);
    if (!isIdentity(inner.program) && computeOnce(input.storage, inner, this.costs)) {
      // read again later and dear to recompute: one kernel now, a buffer for every reader
      input.storage.materializePending();
      return this.leafRef(input);
    }
    this.inlined++;
    return this.emit(inner);
  }

  emit(node: DeferredElementwise): ValueRef {
    const emitted = this.emitted;
    for (let i = 0; i < emitted.length; i++) if (emitted[i] === node) return this.outputs[i];
    const inputs = node.inputs;
    const operands: ValueRef[] = [];
    for (let i = 0; i < inputs.length; i++) operands.push(this.operand(inputs[i], node.outSize));
    // a view (slice) read by another program is its input itself; so is a root view of a value
    // computed just now (its copy step would copy every element once more)
    if (isIdentity(node.program) && (node !== this.root || (operands[0] >= 0 && operands[0] === this.steps.length - 1))) return operands[0];
    this.trie = descend(this.trie, programId(node.program), operands);
    const arity = operands.length;
    const steps = this.steps;
    const base = steps.length;
    for (const step of node.program.steps) steps.push(placed(step, operands, arity, base));
    const ref = steps.length - 1;
    emitted.push(node);
    this.outputs.push(ref);
    return ref;
  }
}

/**
 * `root` with its inlinable deferred inputs (recursively) composed in — except shared values dear
 * to recompute, which run first (recompute.ts); null when nothing can be inlined or the result
 * would exceed the fusion limits (then `root` runs alone).
 */
export function compose(root: DeferredElementwise, costs?: FusionCosts): FusedProgram | null {
  // nothing was inlinable when it was built, so nothing is now (values only ever become buffers)
  if (root.fusedSteps === root.program.steps.length) return null;
  const walk = new Composer(root, costs);
  walk.emit(root);
  const { leaves, steps } = walk;
  if (walk.inlined === 0 || leaves.length > MAX_FUSED_VIEWS || steps.length > MAX_FUSED_STEPS || distinctBuffers(leaves) > MAX_FUSED_INPUTS) return null;
  const n = leaves.length;
  const program: ElementwiseStep[] = [];
  for (const step of steps) program.push(final(step, n));
  const inputs = leaves.map((leaf) => leaf.storage.dtype);
  const trie = walk.trie;
  trie.key ??= programKey(inputs, program);
  return { program: { inputs, steps: program, key: trie.key }, leaves };
}

/** Distinct storages among `leaves`. */
function distinctBuffers(leaves: readonly DeferredInput[]): number {
  let n = 0;
  for (let i = 0; i < leaves.length; i++) {
    let seen = false;
    for (let j = 0; j < i && !seen; j++) seen = leaves[j].storage === leaves[i].storage;
    if (!seen) n++;
  }
  return n;
}
