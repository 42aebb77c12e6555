/// <reference types="@webgpu/types" preserve="true" />
/**
 * @nabla/backend-webgpu — the WGSL compute-shader backend. Importing this module registers the
 * backend as 'webgpu' (priority 3); the device (and, in Node, Dawn) is only loaded when selected.
 */
import { registerBackend } from '@nabla/tensor-core';
import { createWebGPUBackend } from './webgpu-backend.js';

export { WebGPUBackend, createWebGPUBackend, type WebGPUBackendOptions } from './webgpu-backend.js';
export type { DeviceOptions } from './acquire-device.js';
export {
  WebGPUBackendError, WebGPUDataError, WebGPUDeviceError, WebGPUDTypeError, WebGPUSyncReadError, WebGPUUnavailableError,
} from './errors.js';

registerBackend('webgpu', () => createWebGPUBackend(), 3);
