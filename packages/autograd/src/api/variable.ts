/** Leaf tensors that collect gradients: variable/requireGrad, and zeroGrad. */
import { DTypeError, fmtShape, keep, tensor, type DType, type NestedArray, type Tensor, type TypedArray } from '@nabla/tensor-core';

/** A leaf tensor whose `.grad` receives gradients from backward(). */
export type Parameter = Tensor & {
  /** Always true: backward() accumulates this tensor's gradient into `.grad`. */
  requiresGrad: true;
};

/** Options for `variable`. */
export interface VariableOptions {
  /** Shown in graph exports. */
  readonly name?: string;
  /** dtype when built from values (default float32); must be a float dtype. */
  readonly dtype?: DType;
}

/** Mark a float tensor as a leaf that requires grad, and return it. */
export function requireGrad(t: Tensor, requiresGrad = true): Parameter {
  if (requiresGrad && t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new DTypeError('requireGrad', `only float tensors can require grad, got ${t.dtype} ${fmtShape(t.shape)}`);
  }
  t.requiresGrad = requiresGrad;
  return t as Parameter;
}

/**
 * A new leaf that requires grad: from values, or a view of an existing tensor's buffer cut off
 * from its graph. It is kept: tidy scopes do not dispose it.
 */
export function variable(init: Tensor | NestedArray | TypedArray | readonly number[], options: VariableOptions = {}): Parameter {
  const t = isTensorValue(init) ? init.detach() : tensor(init, undefined, options.dtype ?? (ArrayBuffer.isView(init) ? undefined : 'float32'));
  if (options.name !== undefined) t.name = options.name;
  try {
    return keep(requireGrad(t));
  } catch (err) {
    t.dispose();
    throw err;
  }
}

function isTensorValue(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'storage' in value && 'detach' in value;
}

/** Dispose and clear the `.grad` of each tensor (before the next accumulation). */
export function zeroGrad(tensors: Iterable<Tensor>): void {
  for (const t of tensors) {
    t.grad?.dispose();
    t.grad = null;
  }
}
