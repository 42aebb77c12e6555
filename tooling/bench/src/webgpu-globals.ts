/**
 * One Dawn `GPU` for the whole process: Nabla's webgpu backend and TensorFlow.js's webgpu backend
 * both find it at `navigator.gpu` (Node 20 has no `navigator`), so they run on the same adapter.
 */

let installed: Promise<string | null> | null = null;

/** Put Dawn's GPU* constants and `navigator.gpu` on the global object (once); resolves to null, or why Dawn failed to load. */
export function installDawnGlobals(): Promise<string | null> {
  installed ??= install();
  return installed;
}

async function install(): Promise<string | null> {
  try {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const gpu = create([]);
    const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
    if (nav === undefined) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
    else if (nav.gpu === undefined) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
    return null;
  } catch (err) {
    return `Dawn (npm 'webgpu') could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
  }
}
