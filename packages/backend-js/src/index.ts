/**
 * @nabla/backend-js — the plain-JavaScript backend. Importing this module registers it as 'js'
 * (priority 1, synchronous) with tensor-core's backend registry.
 */
import { registerBackend } from '@nabla/tensor-core';
import { JsBackend } from './js-backend.js';

registerBackend('js', () => new JsBackend(), 1, { sync: true });

export { JsBackend } from './js-backend.js';
export { JsBuffer } from './storage/js-buffer.js';
export type { JsBackendOptions } from './js-backend.js';
