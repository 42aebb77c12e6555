/** Typed errors raised by the WebGPU backend; all are tensor-core `NablaError`s naming the op. */
import { BackendError, DTypeError } from '@nabla/tensor-core';

/** Base class of the backend's runtime failures. */
export class WebGPUBackendError extends BackendError {}

/** No WebGPU adapter or device could be obtained; the message says why. */
export class WebGPUUnavailableError extends WebGPUBackendError {}

/** Thrown when code asks the WebGPU backend for a synchronous read, which a GPU cannot serve. */
export class WebGPUSyncReadError extends WebGPUBackendError {
  constructor(op = 'dataSync') {
    super(op, "the 'webgpu' backend cannot read GPU memory synchronously; use `await t.data()` instead of `t.dataSync()`");
  }
}

/** The device was lost, or a validation / out-of-memory / internal error was reported for earlier work. */
export class WebGPUDeviceError extends WebGPUBackendError {}

/** A kernel was asked for a dtype this backend cannot store or compute (e.g. float64). */
export class WebGPUDTypeError extends DTypeError {}

/** A buffer handle that this backend did not create, or one that was already disposed. */
export class WebGPUDataError extends WebGPUBackendError {}
