/**
 * The tape's unit: one recorded op, the edges to where its inputs came from, and the forward values
 * its gradient rule saved. Tensors are used for identity and routing only; every value the
 * backward pass reads is a kept, detached view owned by the node.
 */
import { keep, releaseWhenUnreachable, type DType, type OpAttrMap, type OpName, type Tensor } from '@nabla/tensor-core';

/** Where an input of a node came from. */
export type Edge =
  | { readonly kind: 'node'; readonly node: Node }
  | { readonly kind: 'leaf'; readonly tensor: Tensor }
  | null;

/** One recorded op on the tape. */
export interface Node<K extends OpName = OpName> {
  readonly id: number;
  readonly op: K;
  readonly attrs: OpAttrMap[K];
  /** One edge per input; null for constants (no gradient needed). */
  readonly edges: readonly Edge[];
  readonly inputShapes: readonly (readonly number[])[];
  readonly inputDTypes: readonly DType[];
  readonly outputShape: readonly number[];
  readonly outputDType: DType;
  /** Saved input values (only those the rule asked for). */
  savedInputs: (Tensor | undefined)[];
  /** Saved output value, when the rule asked for it. */
  savedOutput: Tensor | undefined;
  /** True once backward() released the saved values. */
  released: boolean;
}

let nextNodeId = 0;

/** The id the next node will get (ids increase with recording order). */
export function peekNodeId(): number {
  return nextNodeId;
}

/** A fresh node id. */
export function newNodeId(): number {
  return nextNodeId++;
}

/**
 * The edge to the node that produced a tracked tensor, kept in that tensor's tape slot: one per
 * node, shared by its consumers. (A class, so a slot written by another copy of this package —
 * another tape — is never taken for one of ours.)
 */
class ProducerEdge {
  readonly kind = 'node' as const;
  constructor(readonly node: Node) {}
}

/** A saved view's tape slot: the tensor whose graph identity the view carries. */
class SavedOrigin {
  constructor(readonly tensor: Tensor) {}
}

/** The tensor whose graph identity `t` carries (itself unless `t` is a saved view). */
export function originOf(t: Tensor): Tensor {
  const slot = t.tapeSlot;
  return slot instanceof SavedOrigin ? slot.tensor : t;
}

/** The node that produced `t` (through its origin), if any. */
export function producerOf(t: Tensor): Node | undefined {
  const slot = originOf(t).tapeSlot;
  return slot instanceof ProducerEdge ? slot.node : undefined;
}

/** Mark `node` as the producer of `t`. */
export function setProducer(t: Tensor, node: Node): void {
  t.tapeSlot = new ProducerEdge(node);
}

/** True for float dtypes, the only ones that carry gradients. */
export function carriesGradient(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** Where gradients for input `t` should go. */
export function edgeOf(t: Tensor): Edge {
  if (!carriesGradient(t.dtype)) return null;
  const origin = originOf(t);
  const produced = origin.tapeSlot;
  if (produced instanceof ProducerEdge) return produced;
  if (origin.requiresGrad) return { kind: 'leaf', tensor: origin };
  return null;
}

/**
 * Saved values are released when backward finishes; nodes that backward never reaches (their
 * outputs were dropped, or backward() failed before walking the graph) release them when the
 * node is garbage-collected. A graph is reachable only from its outputs: an output leads to its
 * node (its tape slot), a node to its inputs' nodes (edges) and to its saved views, and a saved view
 * to the tensor it was taken from (its tape slot). The registry's held value must therefore not hold
 * the saved views: a view of a node's own output leads back to the node, and the registry would
 * keep every such node (and all it reaches) alive forever. It holds only their buffer shares.
 */
const finalizer = new FinalizationRegistry<() => void>((release) => {
  try {
    release();
  } catch {
    // nobody to report to: the buffers' backend is already gone (a destroyed device)
  }
});

/** A kept, detached view of `t` that keeps t's graph identity (for higher-order gradients). */
export function saveValue(t: Tensor): Tensor {
  const view = keep(t.detach());
  view.tapeSlot = new SavedOrigin(originOf(t));
  return view;
}

/** Register a node's saved values for release on garbage collection. */
export function watchSaved(node: Node): void {
  const saved = savedTensors(node);
  if (saved.length > 0) finalizer.register(node, releaseWhenUnreachable(saved), node);
}

function savedTensors(node: Node): Tensor[] {
  const out: Tensor[] = [];
  for (const t of node.savedInputs) if (t) out.push(t);
  if (node.savedOutput) out.push(node.savedOutput);
  return out;
}

/** Dispose the values a node saved; the node can no longer be differentiated. */
export function releaseNode(node: Node): void {
  if (node.released) return;
  finalizer.unregister(node);
  for (const t of savedTensors(node)) t.dispose();
  node.savedInputs = [];
  node.savedOutput = undefined;
  node.released = true;
}
