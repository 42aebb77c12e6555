/**
 * What `tensor(values)` accepts, checked: a number or boolean, a (nested, rectangular) array of
 * them, or a typed array. Anything else — strings, undefined, null, tensors inside an array, ragged
 * nesting — is refused with an error naming `tensor` and the position of the first bad element.
 */
import type { DType, TypedArray } from '../dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { isTensor, type NestedArray } from '../tensor.js';

/** Host values for a new tensor: flat, with the shape and dtype they imply. */
export interface ParsedValues {
  readonly flat: ArrayLike<number>;
  readonly shape: number[];
  /** float32 for numbers (booleans count as 0/1 among them), bool when every element is a boolean, a typed array's own dtype. */
  readonly dtype: DType;
  /** The typed array given, when its storage is already `dtype`'s. */
  readonly typed?: TypedArray;
}

const OP = 'tensor';

/** Typed arrays and the dtype they become (Uint8Array is the bool storage). */
function typedArrayDType(values: ArrayBufferView): DType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Float64Array) return 'float64';
  if (values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array || values instanceof Uint16Array || values instanceof Uint8ClampedArray) return 'int32';
  if (values instanceof Uint8Array) return 'bool';
  if (values instanceof Uint32Array) {
    for (let i = 0; i < values.length; i++) {
      if (values[i] > 0x7fffffff) throw new DTypeError(OP, `Uint32Array value ${values[i]} at [${i}] does not fit int32`);
    }
    return 'int32';
  }
  throw new DTypeError(OP, `unsupported array type ${values.constructor.name}; use Float32Array, Float64Array, Int32Array or Uint8Array (bool)`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return `a ${typeof value}`;
}

/** `element [1][2]`, or `values` for the top level. */
const at = (path: readonly number[]): string => (path.length === 0 ? 'values' : `element [${path.join('][')}]`);

function shapeOf(values: unknown): number[] {
  const shape: number[] = [];
  let v = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  return shape;
}

/** Check and flatten `values`; the shape is the nesting of the first elements, every other element must match it. */
export function parseValues(values: unknown): ParsedValues {
  if (ArrayBuffer.isView(values)) {
    const dtype = typedArrayDType(values);
    const typed = values as unknown as TypedArray;
    const own = (dtype === 'float32' && values instanceof Float32Array) || (dtype === 'float64' && values instanceof Float64Array)
      || (dtype === 'int32' && values instanceof Int32Array) || (dtype === 'bool' && values instanceof Uint8Array);
    return { flat: typed, shape: [typed.length], dtype, ...(own ? { typed } : {}) };
  }
  if (isTensor(values)) throw new ArgumentError(OP, `values is already a Tensor ${values.dtype} ${fmtShape(values.shape)}; use t.clone() or t.cast(dtype)`);
  const shape = shapeOf(values);
  const flat: number[] = [];
  let numbers = 0;
  let booleans = 0;
  const path: number[] = [];
  const visit = (v: unknown, dim: number): void => {
    if (dim === shape.length) {
      if (typeof v === 'number') numbers++;
      else if (typeof v === 'boolean') booleans++;
      else if (Array.isArray(v)) throw new ShapeError(OP, `ragged nested array: ${at(path)} is an array, but ${at(path.map(() => 0))} is not (shape ${fmtShape(shape)})`);
      else if (isTensor(v)) {
        throw new ArgumentError(OP, `${at(path)} is a Tensor; tensor() takes numbers and booleans — to join tensors use stack([...]) (or concat)`);
      } else throw new ArgumentError(OP, `${at(path)} is ${describe(v)}; expected a number or a boolean`);
      flat.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
      return;
    }
    if (!Array.isArray(v)) {
      throw new ShapeError(OP, `ragged nested array: ${at(path)} is ${describe(v)}, expected an array of length ${shape[dim]} (shape ${fmtShape(shape)})`);
    }
    if (v.length !== shape[dim]) {
      throw new ShapeError(OP, `ragged nested array: ${at(path)} has length ${v.length}, expected ${shape[dim]} (shape ${fmtShape(shape)})`);
    }
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      visit(v[i], dim + 1);
      path.pop();
    }
  };
  visit(values as NestedArray, 0);
  return { flat, shape, dtype: booleans > 0 && numbers === 0 ? 'bool' : 'float32' };
}
