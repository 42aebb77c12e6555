/** Base class of every error Nabla throws on purpose. `op` names the operation that refused. */
export class NablaError extends Error {
  /** The operation or layer that refused (e.g. `'matmul'`, `'Dense'`); the message starts with it. */
  readonly op: string;
  constructor(op: string, message: string) {
    super(op ? `${op}: ${message}` : message);
    this.name = new.target.name;
    this.op = op;
  }
}

/** Shapes that do not fit the operation (ranks, dimensions, broadcasting, axes). */
export class ShapeError extends NablaError {}

/** A dtype the operation cannot take, or operands whose dtypes do not combine. */
export class DTypeError extends NablaError {}

/** An argument outside its domain (negative size, bad option, out-of-range index...). */
export class ArgumentError extends NablaError {}

/** A tensor used after `dispose()`. */
export class DisposedError extends NablaError {}

/** Backend registry problems and failures reported by a backend. */
export class BackendError extends NablaError {}

/**
 * An allocation that cannot or may not be satisfied: above the allocation limit (see
 * `setAllocationLimit`) or the backend's capacity, or refused by the device. Nothing was
 * allocated and the backend stays usable.
 */
export class OutOfMemoryError extends BackendError {
  /** Bytes requested (NaN when unknown). */
  readonly bytes: number;
  constructor(op: string, message: string, bytes = Number.NaN) {
    super(op, message);
    this.bytes = bytes;
  }
}

/** Formats a shape the way error messages show it: `[2,3]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
