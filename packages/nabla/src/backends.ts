/**
 * The three backends, registered without loading the heavy ones: 'js' (priority 1) is imported at
 * once, since it is small and synchronous; 'wasm' (2) and 'webgpu' (3) are registered here under
 * their own priorities with factories that import their package only when chosen, so a bundler
 * puts each in its own lazily loaded chunk. On import, each package registers itself again under
 * the same name, which the registry ignores while its factory is running.
 */
import { registerBackend } from '@nabla/tensor-core';
import '@nabla/backend-js';

registerBackend('wasm', async () => (await import('@nabla/backend-wasm')).createWasmBackend(), 2);
registerBackend('webgpu', async () => (await import('@nabla/backend-webgpu')).createWebGPUBackend(), 3);
