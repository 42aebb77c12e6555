import { KERNELS_MEMORY_PAGES, KERNELS_SHARED_WASM_BASE64, KERNELS_SINGLE_WASM_BASE64, RELAXED_OVERLAY_SHARED_WASM_BASE64, RELAXED_OVERLAY_SINGLE_WASM_BASE64 } from '../generated/kernels-wasm.js';
import type { KernelExports } from './kernel-exports.js';
import { withOverlay } from './relaxed-simd.js';

/** Bytes in one WebAssembly page. */
export const WASM_PAGE_BYTES = 65536;

/** Pages the kernel module accepts for its imported memory. */
export const MEMORY_PAGES = KERNELS_MEMORY_PAGES;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const compiled = new Map<boolean, Promise<WebAssembly.Module>>();

/**
 * Compile (once per realm) the embedded kernel module: the variant importing a shared memory
 * (worker pool) or the one importing a plain memory (no SharedArrayBuffer available).
 */
export function compileKernelModule(sharedMemory: boolean): Promise<WebAssembly.Module> {
  let module = compiled.get(sharedMemory);
  if (module === undefined) {
    module = WebAssembly.compile(decodeBase64(sharedMemory ? KERNELS_SHARED_WASM_BASE64 : KERNELS_SINGLE_WASM_BASE64));
    compiled.set(sharedMemory, module);
  }
  return module;
}

const compiledOverlays = new Map<boolean, Promise<WebAssembly.Module>>();

/**
 * Compile (once per realm) the relaxed-SIMD overlay (float32 GEMM and convolutions with
 * relaxed_madd) importing a shared or a plain memory; only call where relaxedSimdSupported().
 */
export function compileRelaxedOverlay(sharedMemory: boolean): Promise<WebAssembly.Module> {
  let module = compiledOverlays.get(sharedMemory);
  if (module === undefined) {
    module = WebAssembly.compile(decodeBase64(sharedMemory ? RELAXED_OVERLAY_SHARED_WASM_BASE64 : RELAXED_OVERLAY_SINGLE_WASM_BASE64));
    compiledOverlays.set(sharedMemory, module);
  }
  return module;
}

/** Imports every instance of the kernel module receives. */
export function kernelImports(memory: WebAssembly.Memory): WebAssembly.Imports {
  return { env: { memory } };
}

/**
 * Instantiate the kernel module on `memory` (synchronously; the module is small), with the
 * relaxed-SIMD overlay's kernels in place of the main module's when `overlay` is given.
 */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory, overlay: WebAssembly.Module | null = null): KernelExports {
  const instance = new WebAssembly.Instance(module, kernelImports(memory));
  const overlayExports = overlay === null ? null : new WebAssembly.Instance(overlay, kernelImports(memory)).exports;
  return withOverlay(instance.exports as unknown as KernelExports, overlayExports);
}
