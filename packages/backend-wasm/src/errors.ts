import { BackendError, OutOfMemoryError } from '@nabla/tensor-core';

/** Base class of the errors specific to the WebAssembly backend (a tensor-core BackendError). */
export class WasmBackendError extends BackendError {}

/** The shared heap cannot grow to hold a requested buffer (a tensor-core OutOfMemoryError). */
export class WasmOutOfMemoryError extends OutOfMemoryError {}

/** A buffer was disposed twice or does not belong to this backend. */
export class WasmBufferError extends WasmBackendError {}

/** A kernel trapped inside WebAssembly (on the calling thread or a worker). */
export class WasmKernelError extends WasmBackendError {}
