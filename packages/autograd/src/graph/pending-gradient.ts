/**
 * The gradient waiting for one node during backward: a dense sum, plus the gradients of slices
 * taken from its output, kept as boxes until the node is reached. Slices that tile an axis (the
 * parts of a split, the steps of an unstacked sequence, the gates of a recurrent cell) are then
 * placed with one concat instead of one zero-padded full-size tensor and one add per slice.
 */
import { add, concat, pad, shapesEqual, tidy, type Tensor } from '@nabla/tensor-core';
import { zerosOn } from '../rules/helpers.js';

/** The gradient of a slice: `grad` fills the box of its shape starting at `begin`. */
interface Piece {
  readonly begin: readonly number[];
  readonly grad: Tensor;
}

/** Sum `g` into `existing` (consuming both), or take `g` when there is nothing yet. */
export function accumulate(existing: Tensor | undefined, g: Tensor): Tensor {
  if (!existing) return g;
  const total = add(existing, g);
  existing.dispose();
  g.dispose();
  return total;
}

/** Zero padding that puts a box of `size` at `begin` inside `shape`. */
function padsAround(shape: readonly number[], begin: readonly number[], size: readonly number[]): [number, number][] {
  return shape.map((d, i) => [begin[i], d - begin[i] - size[i]]);
}

/** The one axis along which the pieces differ, when they agree on every other axis; else -1. */
function tilingAxis(pieces: readonly Piece[]): number {
  const first = pieces[0];
  let axis = -1;
  for (let i = 0; i < first.begin.length; i++) {
    const same = pieces.every((p) => p.begin[i] === first.begin[i] && p.grad.shape[i] === first.grad.shape[i]);
    if (same) continue;
    if (axis !== -1) return -1;
    axis = i;
  }
  return axis;
}

/** Disjoint pieces sorted along `axis`, joined with zeros in the gaps: one concat, then one pad. */
function joinAlong(sorted: readonly Piece[], axis: number, shape: readonly number[]): Tensor {
  const box = [...sorted[0].grad.shape];
  const parts: Tensor[] = [];
  let at = 0;
  for (const p of sorted) {
    if (p.begin[axis] > at) parts.push(zerosOn(p.grad, box.map((d, i) => (i === axis ? p.begin[axis] - at : d)), p.grad.dtype));
    parts.push(p.grad);
    at = p.begin[axis] + p.grad.shape[axis];
  }
  if (at < shape[axis]) parts.push(zerosOn(sorted[0].grad, box.map((d, i) => (i === axis ? shape[axis] - at : d)), sorted[0].grad.dtype));
  const joined = parts.length === 1 ? parts[0] : concat(parts, axis);
  const begin = sorted[0].begin.map((b, i) => (i === axis ? 0 : b));
  const size = joined.shape;
  return shapesEqual(size, shape) ? joined : pad(joined, padsAround(shape, begin, size));
}

/** Whether pieces sorted along `axis` do not overlap there. */
function disjointAlong(sorted: readonly Piece[], axis: number): boolean {
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k].begin[axis] < sorted[k - 1].begin[axis] + sorted[k - 1].grad.shape[axis]) return false;
  }
  return true;
}

/** The full-shape gradient of the pieces (consumed; the array is reordered). */
function place(pieces: Piece[], shape: readonly number[]): Tensor {
  const axis = pieces.length > 1 ? tilingAxis(pieces) : -1;
  if (axis !== -1 && disjointAlong(pieces.sort((a, b) => a.begin[axis] - b.begin[axis]), axis)) {
    const joined = tidy(() => joinAlong(pieces, axis, shape));
    for (const p of pieces) p.grad.dispose();
    return joined;
  }
  // overlapping or unaligned boxes: pad each one and add them up
  let total: Tensor | undefined;
  for (const p of pieces) {
    const padded = pad(p.grad, padsAround(shape, p.begin, p.grad.shape));
    p.grad.dispose();
    total = accumulate(total, padded);
  }
  return total as Tensor;
}

/** Gradients arriving for one node's output of `shape`, summed when the node is reached. */
export class PendingGradient {
  private dense: Tensor | undefined;
  private readonly pieces: Piece[] = [];

  constructor(private readonly shape: readonly number[]) {}

  /** Add a gradient of the full shape (ownership passes here). */
  add(g: Tensor): void {
    this.dense = accumulate(this.dense, g);
  }

  /** Add the gradient of the slice starting at `begin` (ownership passes here). */
  addSlice(begin: readonly number[], g: Tensor): void {
    this.pieces.push({ begin, grad: g });
  }

  /** The summed gradient, owned by the caller; the pending entry is empty afterwards. */
  take(): Tensor {
    const placed = this.pieces.length > 0 ? place(this.pieces.splice(0), this.shape) : undefined;
    const dense = this.dense;
    this.dense = undefined;
    if (!placed) return dense as Tensor;
    return dense ? accumulate(dense, placed) : placed;
  }

  /** Release whatever was collected. */
  dispose(): void {
    this.dense?.dispose();
    this.dense = undefined;
    for (const p of this.pieces.splice(0)) p.grad.dispose();
  }
}
