/** Picking the backend at runtime: the one asked for, or the fastest that works here. */
import '@nabla/backend-js';
import '@nabla/backend-wasm';
import '@nabla/backend-webgpu';
import { setBackend } from '@nabla/tensor-core';
import { UserError } from './user-error.js';

/** Backends the CLI offers. */
export const BACKENDS = ['js', 'wasm', 'webgpu'] as const;
/** One of BACKENDS. */
export type BackendChoice = (typeof BACKENDS)[number];

/**
 * Default order: WASM (SIMD + threads) then plain JS. WebGPU is used when asked for: on machines
 * without a GPU it runs on a CPU emulation that is slower than both.
 */
const DEFAULT_ORDER: readonly BackendChoice[] = ['wasm', 'js'];

/** Activate `requested`, or the first default that initialises; returns its name. */
export async function chooseBackend(requested: string | undefined, log: (line: string) => void): Promise<BackendChoice> {
  if (requested !== undefined) {
    if (!(BACKENDS as readonly string[]).includes(requested)) throw new UserError(`unknown backend '${requested}' (choose ${BACKENDS.join(', ')})`);
    try {
      await setBackend(requested);
    } catch (err) {
      throw new UserError(err instanceof Error ? err.message : String(err));
    }
    return requested as BackendChoice;
  }
  for (const name of DEFAULT_ORDER) {
    try {
      await setBackend(name);
      return name;
    } catch (err) {
      log(`note: backend '${name}' unavailable (${err instanceof Error ? err.message : String(err)}); trying the next`);
    }
  }
  throw new UserError('no backend could be initialised');
}
