/**
 * @nabla/backend-js — the plain-JavaScript backend. Importing this module registers it as 'js'
 * (priority 1, synchronous) with tensor-core's backend registry.
 */
import { registerBackend } from '@nabla/tensor-core';
import { JsBackend } from './js_backend.js';

registerBackend('js', () => new JsBackend(), 1, { sync: true });

export { JsBackend } from './js_backend.js';
export { JsBuffer } from './js_buffer.js';
export type { JsBackendOptions } from './js_backend.js';
