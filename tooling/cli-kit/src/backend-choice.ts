/** Picking the backend at runtime: the one asked for, or the fastest that works here (wasm, then js). */
import { setBackend } from '@nabla/tensor-core';
import { UserError } from './user-error.js';

/** Backends the CLI offers. */
export const BACKENDS = ['js', 'wasm', 'webgpu'] as const;
/** One of BACKENDS. */
export type BackendChoice = (typeof BACKENDS)[number];

const DEFAULT_ORDER: readonly BackendChoice[] = ['wasm', 'js'];

/** Import a backend package (it registers itself); loaded lazily so one broken backend cannot stop the others. */
async function register(name: BackendChoice): Promise<void> {
  if (name === 'js') await import('@nabla/backend-js');
  else if (name === 'wasm') await import('@nabla/backend-wasm');
  else await import('@nabla/backend-webgpu');
}

/** Load and activate one backend; throws when it cannot initialise here. */
export async function activateBackend(name: BackendChoice): Promise<void> {
  await register(name);
  await setBackend(name);
}

/** Activate `requested`, or the first default that initialises; returns its name. */
export async function chooseBackend(requested: string | undefined, log: (line: string) => void): Promise<BackendChoice> {
  if (requested !== undefined) {
    if (!(BACKENDS as readonly string[]).includes(requested)) throw new UserError(`unknown backend '${requested}' (choose ${BACKENDS.join(', ')})`);
    try {
      await activateBackend(requested as BackendChoice);
    } catch (err) {
      throw new UserError(err instanceof Error ? err.message : String(err));
    }
    return requested as BackendChoice;
  }
  for (const name of DEFAULT_ORDER) {
    try {
      await activateBackend(name);
      return name;
    } catch (err) {
      log(`note: backend '${name}' unavailable (${err instanceof Error ? err.message : String(err)}); trying the next`);
    }
  }
  throw new UserError('no backend could be initialised');
}
