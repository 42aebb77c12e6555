/** Lazy loading of the three backends, their availability in this browser and switching between them. */
import { listBackends, setBackend } from '@nabla/tensor-core';
import '@nabla/backend-js';

/** Backends the playground offers. */
export type BackendName = 'js' | 'wasm' | 'webgpu';

/** The offered backends in display order. */
export const BACKENDS: readonly BackendName[] = ['js', 'wasm', 'webgpu'];

/** Whether a backend can run here, and why not. */
export interface Availability {
  readonly available: boolean;
  readonly detail: string;
  /** A CPU emulation of the GPU (SwiftShader, lavapipe, WARP): expect it to be slow. */
  readonly software?: boolean;
}

/** The slice of the WebGPU adapter the probe reads (isFallbackAdapter lives on the adapter in older browsers). */
interface AdapterEntry {
  readonly info?: { vendor: string; architecture: string; description: string; isFallbackAdapter?: boolean };
  readonly isFallbackAdapter?: boolean;
}

/** The slice of the WebGPU `GPU` object the probe uses. */
interface GpuEntry {
  requestAdapter(): Promise<AdapterEntry | null>;
}

const SOFTWARE_ADAPTERS = /swiftshader|lavapipe|llvmpipe|softpipe|software|microsoft basic render|\bwarp\b/i;

/** Whether `adapter` is a software (CPU) implementation of WebGPU. */
export function isSoftwareAdapter(adapter: AdapterEntry): boolean {
  const info = adapter.info;
  if (info?.isFallbackAdapter === true || adapter.isFallbackAdapter === true) return true;
  return info !== undefined && SOFTWARE_ADAPTERS.test(`${info.vendor} ${info.architecture} ${info.description}`);
}

const loaded = new Set<BackendName>(['js']);

async function load(name: BackendName): Promise<void> {
  if (loaded.has(name)) return;
  if (name === 'wasm') await import('@nabla/backend-wasm');
  if (name === 'webgpu') await import('@nabla/backend-webgpu');
  loaded.add(name);
}

/** Probe a backend without switching to it. */
export async function probe(name: BackendName): Promise<Availability> {
  if (name === 'js') return { available: true, detail: 'plain JavaScript' };
  if (name === 'wasm') {
    if (typeof WebAssembly === 'undefined') return { available: false, detail: 'no WebAssembly' };
    const isolated = globalThis.crossOriginIsolated === true;
    const threads = isolated ? navigator.hardwareConcurrency : 1;
    return { available: true, detail: isolated ? `${threads} threads (cross-origin isolated)` : '1 thread (page not cross-origin isolated)' };
  }
  const gpu = (navigator as Navigator & { gpu?: GpuEntry }).gpu;
  if (gpu === undefined) return { available: false, detail: 'navigator.gpu is missing' };
  try {
    const adapter = await gpu.requestAdapter();
    if (adapter === null) return { available: false, detail: 'requestAdapter() returned null' };
    const info = adapter.info;
    const label = info ? [info.vendor, info.architecture, info.description].filter((s) => s !== '').join(' ') : '';
    const name = label === '' ? 'adapter found' : label;
    if (isSoftwareAdapter(adapter)) return { available: true, software: true, detail: `software renderer (${name}), runs on the CPU: expect it to be slower than JS or WASM` };
    return { available: true, detail: name };
  } catch (error) {
    return { available: false, detail: `requestAdapter() failed: ${String(error)}` };
  }
}

/** Load (first time) and activate a backend; throws the backend's own error if it cannot start. */
export async function activate(name: BackendName): Promise<void> {
  await load(name);
  await setBackend(name);
}

/** Name of the backends tensor-core has initialised. */
export function initialisedBackends(): string[] {
  return listBackends().filter((b) => b.initialized).map((b) => b.name);
}
