import { KERNELS_MEMORY_PAGES, KERNELS_WASM_BASE64, RELAXED_OVERLAY_WASM_BASE64 } from '../generated/kernels-wasm.js';
import type { KernelExports } from './kernel-exports.js';
import { setImportedMemoryShared } from './memory-import-flag.js';
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

/** The embedded kernel binary (one build), with its memory import declared shared or not. */
export function kernelModuleBytes(sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  return setImportedMemoryShared(decodeBase64(KERNELS_WASM_BASE64), sharedMemory);
}

/**
 * Compile (once per realm) the embedded kernel module importing a shared memory (worker pool) or
 * a plain memory (no SharedArrayBuffer available): one binary, its memory import patched at load.
 */
export function compileKernelModule(sharedMemory: boolean): Promise<WebAssembly.Module> {
  let module = compiled.get(sharedMemory);
  if (module === undefined) {
    module = WebAssembly.compile(kernelModuleBytes(sharedMemory));
    compiled.set(sharedMemory, module);
  }
  return module;
}

const compiledOverlays = new Map<boolean, Promise<WebAssembly.Module>>();

/**
 * Compile (once per realm) the relaxed-SIMD overlay (float32 GEMM and convolutions with
 * relaxed_madd), its memory import patched like the kernel module's; only call where
 * relaxedSimdSupported().
 */
export function compileRelaxedOverlay(sharedMemory: boolean): Promise<WebAssembly.Module> {
  let module = compiledOverlays.get(sharedMemory);
  if (module === undefined) {
    module = WebAssembly.compile(setImportedMemoryShared(decodeBase64(RELAXED_OVERLAY_WASM_BASE64), sharedMemory));
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
