/**
 * An optional observer of backward, used by traceGraph to read each recorded node's gradient.
 * (Forward ops are observed through tensor-core's `withTrace`, the one tracing point.)
 */
import type { Tensor } from '@nabla/tensor-core';
import type { Node } from './node.js';

/** Receives every gradient backward computes for a node's output. */
export interface GradientObserver {
  onGradient(node: Node, grad: Tensor): void;
}

let active: GradientObserver | null = null;

/** The observer currently attached, if any. */
export function currentObserver(): GradientObserver | null {
  return active;
}

/** Attach `observer` while `fn` runs (observers do not nest: the inner one wins). */
export function withGradientObserver<T>(observer: GradientObserver, fn: () => T): T {
  const saved = active;
  active = observer;
  try {
    return fn();
  } finally {
    active = saved;
  }
}
