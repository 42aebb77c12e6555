/** Pure shape arithmetic shared by every op. */
import { describeValue } from './describe-value.js';
import { ArgumentError, ShapeError, fmtShape } from './errors.js';

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  // indexed, not for-of: tensor shapes are frozen arrays, whose iterators V8 does not optimise
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** True when two shapes are identical. */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Checks that every dimension is a non-negative integer. */
export function assertValidShape(op: string, shape: readonly number[]): void {
  assertShapeArray(op, shape);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(op, `invalid shape ${fmtShape(shape)}: dimensions must be non-negative integers`);
    }
  }
}

/** Throws a ShapeError naming `op` unless `shape` is an array (its entries are checked by the caller). */
export function assertShapeArray(op: string, shape: unknown, what = 'shape'): asserts shape is readonly number[] {
  if (!Array.isArray(shape)) throw new ShapeError(op, `expected a ${what} (an array of non-negative integers), got ${describeValue(shape)}`);
}

/** NumPy broadcasting of two shapes; throws naming the op and both shapes. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  assertShapeArray(op, a);
  assertShapeArray(op, b);
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else throw new ShapeError(op, `shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together`);
  }
  return out;
}

/** Resolves a possibly negative axis against a rank. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ShapeError(op, `axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Resolves axes (undefined = all) to a sorted, unique, non-negative list. */
export function normalizeAxes(op: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  if (!Array.isArray(list)) throw new ArgumentError(op, `expected an axis or an array of axes, got ${describeValue(axes)}`);
  const out = list.map((a) => {
    if (!Number.isInteger(a) || a < -rank || a >= rank) {
      throw new ShapeError(op, `axis ${a} is out of range for a tensor of rank ${rank}`);
    }
    return a < 0 ? a + rank : a;
  });
  const unique = [...new Set(out)].sort((x, y) => x - y);
  if (unique.length !== out.length) throw new ArgumentError(op, `repeated axis in [${list.join(',')}]`);
  return unique;
}

/** Shape after reducing `axes`, keeping them as size 1 when keepDims. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const set = new Set(axes);
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!set.has(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

/** Resolves one `-1` in a reshape target against the element count. */
export function inferReshape(op: string, from: readonly number[], to: readonly number[]): number[] {
  assertShapeArray(op, to, 'target shape');
  const size = sizeOf(from);
  let unknown = -1;
  let known = 1;
  to.forEach((d, i) => {
    if (d === -1) {
      if (unknown >= 0) throw new ShapeError(op, `only one -1 allowed in target shape ${fmtShape(to)}`);
      unknown = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(op, `invalid target shape ${fmtShape(to)}`);
    } else known *= d;
  });
  const out = [...to];
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(op, `cannot reshape ${fmtShape(from)} (${size} elements) to ${fmtShape(to)}`);
    }
    out[unknown] = size / known;
  } else if (known !== size) {
    throw new ShapeError(op, `cannot reshape ${fmtShape(from)} (${size} elements) to ${fmtShape(to)}`);
  }
  return out;
}
