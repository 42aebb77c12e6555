import { registerBackend } from '@nabla/tensor-core';
import { createWasmBackend } from './create-wasm-backend.js';

export { createWasmBackend, type WasmBackendOptions } from './create-wasm-backend.js';
export { WasmBackend } from './wasm-backend.js';
export { WasmBuffer } from './storage/wasm-buffer.js';
export { relaxedSimdSupported, type KernelVariant } from './wasm/relaxed-simd.js';
export { WasmBackendError, WasmBufferError, WasmKernelError, WasmOutOfMemoryError } from './errors.js';

// Importing the package makes 'wasm' available to setBackend (priority 2: above 'js').
registerBackend('wasm', () => createWasmBackend(), 2);
