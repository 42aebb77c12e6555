// The bundle the size check measures: the whole public API of the core packages (namespace
// re-exports keep every export, so nothing is tree-shaken away), with the WASM and WebGPU
// backends reachable only through dynamic import — esbuild must put them in separate chunks.
export * as core from '@nabla/tensor-core';
export * as autograd from '@nabla/autograd';
export * as layers from '@nabla/layers';
export * as optim from '@nabla/optim';
export * as backendJs from '@nabla/backend-js';

/** Loads and registers the WebAssembly backend on demand (a lazy chunk). */
export const loadWasmBackend = () => import('@nabla/backend-wasm');
/** Loads and registers the WebGPU backend on demand (a lazy chunk). */
export const loadWebGPUBackend = () => import('@nabla/backend-webgpu');
