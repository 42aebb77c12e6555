/** When a deferred input is computed inside its consumer's program instead of on its own. */
import { broadcastStrides } from '../kernel-kit/broadcast.js';
import { shapesEqual, sizeOf, stridesOf } from '../shape.js';
import { MAX_BROADCAST_INLINE_STEPS } from './limits.js';
import type { DeferredElementwise, DeferredInput } from './deferred.js';

/** Whether `a` and `b` are one shape up to leading 1s. */
function sameDims(a: readonly number[], b: readonly number[]): boolean {
  let i = a.length - 1;
  let j = b.length - 1;
  for (; i >= 0 && j >= 0; i--, j--) if (a[i] !== b[j]) return false;
  for (; i >= 0; i--) if (a[i] !== 1) return false;
  for (; j >= 0; j--) if (b[j] !== 1) return false;
  return true;
}

/**
 * Where the box that `input` views starts in `outShape` (the contiguous shape of the values it
 * views), or null when its view is not a box of that shape (a transposed or broadcast view).
 * The box has `input.shape` aligned to `outShape`'s rank (leading 1s).
 */
function boxBegin(input: DeferredInput, outShape: readonly number[]): number[] | null {
  const view = input.view;
  if (view === undefined) return null;
  const lead = outShape.length - input.shape.length;
  for (let d = 0; d < -lead; d++) if (input.shape[d] !== 1) return null;
  const own = stridesOf(outShape);
  const begin: number[] = [];
  let rest = view.offset;
  for (let d = 0; d < outShape.length; d++) {
    const at = d - lead;
    const extent = at >= 0 ? input.shape[at] : 1;
    if (extent > 1 && view.strides[at] !== own[d]) return null;
    const b = own[d] > 0 ? Math.floor(rest / own[d]) : 0;
    if (b + extent > outShape[d]) return null;
    rest -= b * own[d];
    begin.push(b);
  }
  return rest === 0 ? begin : null;
}

/**
 * Deferred programs evaluated on a box of their output (the slices of one gate block), cached per
 * program so that each box is one node, found again by every consumer of the same box.
 */
const boxNodes = new WeakMap<DeferredElementwise, Map<string, DeferredElementwise>>();

/**
 * `node` computed on the box of `boxShape` starting at `begin` of its output: the same program,
 * its inputs viewed at the box (their views composed with the box's offset).
 */
function onBox(node: DeferredElementwise, begin: readonly number[], boxShape: readonly number[]): DeferredElementwise {
  let boxes = boxNodes.get(node);
  if (boxes === undefined) {
    boxes = new Map();
    boxNodes.set(node, boxes);
  }
  const key = `${begin.join(',')}:${boxShape.join(',')}`;
  let box = boxes.get(key);
  if (box === undefined) {
    const outShape = node.outShape;
    const aligned = [...new Array<number>(outShape.length - boxShape.length).fill(1), ...boxShape];
    const inputs = node.inputs.map((input): DeferredInput => {
      const strides = broadcastStrides(input.shape, outShape, input.view?.strides);
      let offset = input.view?.offset ?? 0;
      for (let d = 0; d < outShape.length; d++) offset += strides[d] * begin[d];
      return { storage: input.storage, shape: aligned, view: { offset, strides } };
    });
    box = { ...node, inputs, outShape: aligned, outSize: sizeOf(aligned) };
    boxes.set(key, box);
  }
  return box;
}

/**
 * The deferred program to inline for `input` of a program with `outSize` elements, or null when
 * the input is (or must become) a buffer. Inlined are constants, deferred values read element for
 * element (same size, seen in the shape they were computed in, or through a box view of it —
 * a slice), and small deferred programs that are broadcast (a few steps recomputed per element cost
 * less than a kernel launch and a buffer).
 */
export function inlinable(input: DeferredInput, outSize: number): DeferredElementwise | null {
  const pending = input.storage.deferredProgram;
  if (pending === null) return null;
  if (pending.program.inputs.length === 0) return pending;
  let node = pending;
  if (input.view !== undefined) {
    const begin = boxBegin(input, pending.outShape);
    if (begin === null) return null;
    if (!shapesEqual(input.shape, pending.outShape) || begin.some((b) => b !== 0)) node = onBox(pending, begin, input.shape);
  } else if (!sameDims(input.shape, pending.outShape)) {
    return null;
  }
  return node.outSize === outSize || node.fusedSteps <= MAX_BROADCAST_INLINE_STEPS ? node : null;
}
