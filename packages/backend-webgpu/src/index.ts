/// <reference types="@webgpu/types" />
// (not `preserve`d into the declarations, which must compile without the DOM lib: see the globals below)
/**
 * @nabla/backend-webgpu — the WGSL compute-shader backend. Importing this module registers the
 * backend as 'webgpu' (priority 3); the device (and, in Node, Dawn) is only loaded when selected.
 */
import { registerBackend } from '@nabla/tensor-core';
import { createWebGPUBackend } from './webgpu-backend.js';

export { WebGPUBackend, createWebGPUBackend, type WebGPUBackendOptions } from './webgpu-backend.js';
export type { DeviceOptions } from './runtime/acquire-device.js';
export {
  WebGPUBackendError, WebGPUDataError, WebGPUDeviceError, WebGPUDTypeError, WebGPUSyncReadError, WebGPUUnavailableError,
} from './errors.js';

registerBackend('webgpu', () => createWebGPUBackend(), 3);

/*
 * The WebGPU objects the public API names (`gpu` option, `backend.adapter`, `backend.device`),
 * declared as global interfaces so these declarations compile without the DOM lib: where the DOM
 * lib or `@webgpu/types` is present (browser projects, `"types": ["@webgpu/types"]`), they merge
 * with the full definitions; elsewhere the objects are opaque.
 */
declare global {
  /* eslint-disable @typescript-eslint/no-empty-object-type -- filled in by @webgpu/types when present */
  interface GPU {}
  interface GPUAdapter {}
  interface GPUDevice {}
  /* eslint-enable @typescript-eslint/no-empty-object-type */
}
