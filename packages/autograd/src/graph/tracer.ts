/** An optional observer of recording and backward, used to export graphs (see traceGraph). */
import type { Tensor } from '@nabla/tensor-core';
import type { Node } from './node.js';

/** Receives every recorded node and every gradient backward computes for a node's output. */
export interface GraphObserver {
  onRecord(node: Node, inputs: readonly Tensor[], output: Tensor): void;
  onGradient(node: Node, grad: Tensor): void;
}

let active: GraphObserver | null = null;

/** The observer currently attached, if any. */
export function currentObserver(): GraphObserver | null {
  return active;
}

/** Attach `observer` while `fn` runs (observers do not nest: the inner one wins). */
export function withObserver<T>(observer: GraphObserver, fn: () => T): T {
  const saved = active;
  active = observer;
  try {
    return fn();
  } finally {
    active = saved;
  }
}
